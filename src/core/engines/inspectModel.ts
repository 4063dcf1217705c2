/**
 * The start-up check of a located model, without a runtime: an .onnx file must be a non-empty
 * ONNX graph; a folder gets its engine's own inspection. Every problem is reported at once, each
 * naming the file, before anything is scanned, planned or written.
 */
import { promises as fs } from 'node:fs';
import type { Recipe } from '../../shared/recipe';
import { looksLikeOnnx } from '../models/localModel';
import type { EngineDescriptor, LocatedModel } from './engineDescriptor';
import { EngineModelError } from './engineErrors';
import { engineFactory } from './engineFactories';

/** Problems of one .onnx file, named `label` in the messages (empty when it looks usable). */
export async function onnxFileProblems(file: string, label: string): Promise<string[]> {
  let size: number;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return [`${label} is not a file`];
    size = stat.size;
  } catch {
    return [`${label}: file not found`];
  }
  if (size === 0) return [`${label} is empty (0 bytes), not an ONNX model`];
  if (!(await looksLikeOnnx(file)))
    return [`${label} is not an ONNX model file (it does not start like an ONNX graph)`];
  return [];
}

/**
 * Checks `model` for the engine `descriptor` as its model requirement says, then with the
 * engine's own inspection (engineFactories.ts), if it has one.
 * @throws EngineModelError "Not a usable <noun>: <path>" listing every problem.
 */
export async function inspectModel(
  descriptor: EngineDescriptor,
  model: LocatedModel,
  recipe: Recipe,
): Promise<void> {
  const requirement = descriptor.model;
  if (!requirement) return;
  const problems =
    requirement.layout === 'onnxFile' ? await onnxFileProblems(model.path, model.path) : [];
  const inspectOwn = engineFactory(descriptor.id).inspectModel;
  if (problems.length === 0 && inspectOwn) problems.push(...(await inspectOwn(model.path, recipe)));
  if (problems.length > 0)
    throw new EngineModelError(
      `Not a usable ${requirement.noun}: ${model.path}\n- ${problems.join('\n- ')}`,
    );
}

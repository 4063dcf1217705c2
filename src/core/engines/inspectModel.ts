/**
 * The start-up check of a located model, without a runtime: an .onnx file must be a non-empty
 * ONNX graph; a folder gets its engine's own inspection. Every problem is reported at once, each
 * naming the file, before anything is scanned, planned or written.
 */
import type { Recipe } from '../../shared/recipe';
import type { EngineDescriptor, LocatedModel } from './engineDescriptor';
import { EngineModelError } from './engineErrors';
import { engineFactory } from './engineFactories';
import { onnxFileProblems } from './onnxFileCheck';

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

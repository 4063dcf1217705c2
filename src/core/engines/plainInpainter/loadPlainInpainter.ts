/**
 * Creates the 'migan' / 'lama' engine: finds the model (recipe.diffusion.model as a path or
 * registered id, else the first registered model for that engine in the model caches) and loads
 * it in the inference worker process, through the same runtime module as the diffusion engine.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Recipe } from '../../../shared/recipe';
import { JobConfigError } from '../../jobs/types';
import { modelSearchDirs } from '../../models/cacheDir';
import { loadCatalog } from '../../models/catalog';
import { ModelRegistry, type RegisteredModel } from '../../models/registry';
import type { EngineContext } from '../createEngine';
import type { PlainEngineId } from './contracts';
import { WorkerPlainInpainter } from './workerPlainInpainter';

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

function suits(model: RegisteredModel, engine: PlainEngineId): boolean {
  return model.kind === 'plain-inpainter' && model.engine === engine;
}

/** A model reference resolved: the .onnx file, and the id to record for it. */
export interface LocatedPlainModel {
  path: string;
  /** The catalog id (or the registered id) for a registered model, else the file's name. */
  id: string;
}

/**
 * The model to run for `engine` and its id, or a JobConfigError telling the user how to get one:
 * an explicit .onnx path, a registered id, else the catalog's model for the engine, else any
 * registered one.
 */
export async function locatePlainInpainterModel(
  engine: PlainEngineId,
  reference: string | undefined,
  cacheDirs: readonly string[],
): Promise<LocatedPlainModel> {
  if (reference !== undefined && reference !== '' && reference.toLowerCase().endsWith('.onnx')) {
    if (await isFile(reference))
      return { path: path.resolve(reference), id: path.basename(reference) };
    throw new JobConfigError(`--model ${reference}: file not found`);
  }
  const registries = cacheDirs.map((dir) => new ModelRegistry(dir));
  const located = (model: RegisteredModel): LocatedPlainModel => ({
    path: model.path,
    id: model.catalogId ?? model.id,
  });
  if (reference !== undefined && reference !== '') {
    for (const registry of registries) {
      const model = await registry.get(reference);
      if (model !== undefined && suits(model, engine)) return located(model);
    }
  }
  // Prefer the catalog's own model for this engine, then any registered one.
  const preferred = loadCatalog()
    .models.filter((entry) => entry.engine === engine)
    .map((entry) => entry.id);
  const candidates: RegisteredModel[] = [];
  for (const registry of registries)
    candidates.push(...(await registry.list()).filter((m) => suits(m, engine)));
  candidates.sort((a, b) => Number(!preferred.includes(a.id)) - Number(!preferred.includes(b.id)));
  if (candidates[0] !== undefined) return located(candidates[0]);
  const id = preferred[0] ?? `${engine}-512`;
  throw new JobConfigError(
    `no ${engine} model found. Download it with \`maskmedpaint models download ${id}\`, ` +
      `register one you have with \`maskmedpaint models add FILE.onnx --kind plain-inpainter --engine ${engine}\`, ` +
      'or pass --model FILE.onnx',
  );
}

/** The .onnx file to run for `engine` (see {@link locatePlainInpainterModel}). */
export async function findPlainInpainterModel(
  engine: PlainEngineId,
  reference: string | undefined,
  cacheDirs: readonly string[],
): Promise<string> {
  return (await locatePlainInpainterModel(engine, reference, cacheDirs)).path;
}

/** Engine factory for createEngine's table; the model is loaded (and checked) in the worker. */
export async function createPlainInpainter(
  engine: PlainEngineId,
  recipe: Recipe,
  context: EngineContext,
): Promise<WorkerPlainInpainter> {
  const cacheDirs = [...(context.modelSearchPaths ?? []), ...modelSearchDirs()];
  const modelPath = await findPlainInpainterModel(engine, recipe.diffusion.model, cacheDirs);
  const inpainter = new WorkerPlainInpainter(engine, {
    modelPath,
    ...(context.log ? { log: context.log } : {}),
  });
  const backend = await inpainter.load(recipe);
  context.log?.(
    `${engine}: ${modelPath} on ${backend.executionProvider}` +
      (backend.fallbacks.length > 0
        ? ` (fell back from ${backend.fallbacks.map((f) => f.provider).join(', ')})`
        : '') +
      (backend.workerPid !== undefined ? ` in worker pid ${backend.workerPid}` : ''),
  );
  return inpainter;
}

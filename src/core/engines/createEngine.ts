/**
 * Maps a recipe's engine id to an engine instance. Each engine is one line in
 * {@link ENGINE_FACTORIES}; engines load lazily so the CLI does not pay for (or need) the
 * dependencies of engines it does not use, e.g. onnxruntime-node for the composite engine.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { EngineId, Recipe } from '../../shared/recipe';
import { modelSearchDirs } from '../models/cacheDir';
import { isFile } from '../util/isFile';
import type { Engine } from './engine';

/** What an engine may need besides the recipe. */
export interface EngineContext {
  /** Folders where model ids from the catalog are looked up (model engines). */
  modelSearchPaths?: readonly string[];
  /** Progress and diagnostics for people (e.g. which execution provider was chosen). */
  log?: (message: string) => void;
  signal?: AbortSignal;
}

/** Creates an engine for a recipe. */
export type EngineFactory = (recipe: Recipe, context: EngineContext) => Promise<Engine>;

/** The registered engines: add one line per engine. */
const ENGINE_FACTORIES: Partial<Record<EngineId, EngineFactory>> = {
  composite: async () => new (await import('./composite/compositeEngine.js')).CompositeEngine(),
  diffusion: async (recipe, context) =>
    (await import('./diffusion/diffusionEngine.js')).createDiffusionEngine(recipe, context),
  migan: async (recipe, context) =>
    (await import('./plainInpainter/loadPlainInpainter.js')).createPlainInpainter(
      'migan',
      recipe,
      context,
    ),
  lama: async (recipe, context) =>
    (await import('./plainInpainter/loadPlainInpainter.js')).createPlainInpainter(
      'lama',
      recipe,
      context,
    ),
};

/** An engine id that is unknown or not available in this build. */
export class EngineUnavailableError extends Error {
  constructor(readonly engine: string) {
    const available = availableEngines().join(', ');
    super(`engine "${engine}" is not available in this build (available: ${available})`);
    this.name = 'EngineUnavailableError';
  }
}

/** A model that is missing or unusable for its engine: the user's configuration to fix. */
export class EngineModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineModelError';
  }
}

/**
 * Checks, without loading any weights, that the model the recipe names exists and has what its
 * engine needs, so a wrong `--model` is one clear error before anything is planned or written
 * (rather than a failure of every item). The composite engine needs no model.
 * @throws EngineModelError naming the model and listing everything missing.
 */
export async function validateEngineModel(
  recipe: Recipe,
  context: EngineContext = {},
): Promise<void> {
  if (recipe.engine === 'composite') return;
  const searchPaths = context.modelSearchPaths ?? [];
  const reference = recipe.diffusion.model;
  try {
    if (recipe.engine === 'diffusion') {
      const { locateDiffusionModel } = await import('./diffusion/diffusionEngine.js');
      const { ModelFolderError, REQUIRED_FILES } = await import('./diffusion/modelLayout.js');
      const { path: folder } = await locateDiffusionModel(reference, searchPaths);
      const missing: string[] = [];
      for (const file of REQUIRED_FILES)
        if (!(await isFile(path.join(folder, file)))) missing.push(`missing ${file}`);
      if (missing.length > 0) throw new ModelFolderError(folder, missing);
      return;
    }
    // A folder (or any file but .onnx) given to a single-file engine would otherwise be taken as
    // a registry id, not found, and silently replaced by the engine's default model.
    if (reference && !reference.toLowerCase().endsWith('.onnx') && existsSync(reference)) {
      throw new Error(`--model ${reference}: the ${recipe.engine} engine needs an .onnx file`);
    }
    const { locatePlainInpainterModel } = await import('./plainInpainter/loadPlainInpainter.js');
    const { looksLikeOnnx } = await import('../models/localModel.js');
    const located = await locatePlainInpainterModel(recipe.engine, reference, [
      ...searchPaths,
      ...modelSearchDirs(),
    ]);
    if (!(await looksLikeOnnx(located.path)))
      throw new Error(`${located.path} is not an ONNX model file`);
  } catch (error) {
    if (error instanceof EngineModelError) throw error;
    throw new EngineModelError((error as Error).message);
  }
}

/** Engine ids that can be created. */
export function availableEngines(): EngineId[] {
  return Object.keys(ENGINE_FACTORIES).sort() as EngineId[];
}

/**
 * Creates the engine a recipe names, after checking its model ({@link validateEngineModel}).
 * @throws EngineUnavailableError for an engine that is not registered; EngineModelError for a
 * missing or unusable model.
 */
export async function createEngine(recipe: Recipe, context: EngineContext = {}): Promise<Engine> {
  const factory = ENGINE_FACTORIES[recipe.engine];
  if (!factory) throw new EngineUnavailableError(recipe.engine);
  await validateEngineModel(recipe, context);
  return factory(recipe, context);
}

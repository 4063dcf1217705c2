/**
 * Maps a recipe's engine id to an engine instance. Each engine is one line in
 * {@link ENGINE_FACTORIES}; engines load lazily so the CLI does not pay for (or need) the
 * dependencies of engines it does not use, e.g. onnxruntime-node for the composite engine.
 */
import type { EngineId, Recipe } from '../../shared/recipe';
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

/** Engine ids that can be created. */
export function availableEngines(): EngineId[] {
  return Object.keys(ENGINE_FACTORIES).sort() as EngineId[];
}

/**
 * Creates the engine a recipe names.
 * @throws EngineUnavailableError for an engine that is not registered.
 */
export async function createEngine(recipe: Recipe, context: EngineContext = {}): Promise<Engine> {
  const factory = ENGINE_FACTORIES[recipe.engine];
  if (!factory) throw new EngineUnavailableError(recipe.engine);
  return factory(recipe, context);
}

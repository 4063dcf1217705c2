/**
 * From a recipe to a running engine, in two steps a run takes once each: select (the registry's
 * descriptor, the model located and checked without a runtime) and start (created in this process,
 * or in the engine host the caller passes for engines that run in the worker).
 */
import type { Recipe } from '../../shared/recipe';
import { modelSearchDirs } from '../models/cacheDir';
import type { Engine } from './engine';
import type { EngineDescriptor, LocatedModel } from './engineDescriptor';
import { EngineModelError } from './engineErrors';
import { engineFactory } from './engineFactories';
import type { EngineHost } from './engineHost';
import { inspectModel } from './inspectModel';
import { locateModel } from './locateModel';
import { engineDescriptor } from './registry';

export { EngineModelError, EngineUnavailableError } from './engineErrors';

/** What selecting and starting an engine may need besides the recipe. */
export interface EngineContext {
  /** Folders whose model registries are searched for model ids (default: modelSearchDirs()). */
  modelSearchPaths?: readonly string[];
  /** Starts engines that run in the inference worker; the CLI passes the worker's host. */
  host?: EngineHost;
}

/** The engine a recipe names, with its model located and checked: decided once per run. */
export interface EngineSelection {
  descriptor: EngineDescriptor;
  /** The model, for engines that run one. */
  model: LocatedModel | undefined;
}

/**
 * Looks the engine up and, for a model engine, locates its model and checks it without loading
 * any weights, so a wrong `--model` is one clear error before anything is scanned or written.
 * @throws EngineUnavailableError for an engine the registry does not list; EngineModelError for a
 * model that is missing or unusable, naming the file and the reason.
 */
export async function selectEngine(
  recipe: Recipe,
  context: Pick<EngineContext, 'modelSearchPaths'> = {},
): Promise<EngineSelection> {
  const descriptor = engineDescriptor(recipe.engine);
  if (!descriptor.model) return { descriptor, model: undefined };
  const model = await locateModel(
    descriptor.id,
    descriptor.model,
    recipe.diffusion.model,
    context.modelSearchPaths ?? modelSearchDirs(),
  );
  await inspectModel(descriptor, model, recipe);
  return { descriptor, model };
}

/**
 * Creates the selected engine where its descriptor says it runs, loading its model there.
 * @throws EngineModelError when the model cannot be loaded or does not fit the engine.
 */
export async function startEngine(
  selection: EngineSelection,
  recipe: Recipe,
  context: Pick<EngineContext, 'host'> = {},
): Promise<Engine> {
  const { descriptor, model } = selection;
  const options = { executionProvider: recipe.diffusion.executionProvider };
  if (descriptor.host === 'worker' && !context.host)
    throw new Error(`engine "${descriptor.id}" runs in the inference worker: pass its engine host`);
  try {
    return descriptor.host === 'worker' && context.host
      ? await context.host.start(descriptor, model, options)
      : await engineFactory(descriptor.id).create(model, options);
  } catch (error) {
    if (!model || (error instanceof Error && error.name === 'AbortError')) throw error;
    // The model passed the file checks but does not load or fit: the user's model to fix.
    throw new EngineModelError(
      `cannot start engine "${descriptor.id}" with ${model.path}: ${(error as Error).message}`,
    );
  }
}

/** {@link selectEngine} then {@link startEngine}. */
export async function createEngine(recipe: Recipe, context: EngineContext = {}): Promise<Engine> {
  return startEngine(await selectEngine(recipe, context), recipe, context);
}

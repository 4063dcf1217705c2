/**
 * How each engine of the registry is created, and how a located model of it is checked before
 * anything loads: the code half of the registry (registry.ts holds the metadata). Kept apart so
 * that what reads only the list (the extension, its wizard and settings) bundles no engine code;
 * the CLI and the inference worker import this file. Model engines are listed here; engines that
 * run in process without a model have their one creator in inProcessEngines.ts, which the pool
 * threads share. Engine modules are imported lazily, so importing it loads neither sharp nor
 * onnxruntime.
 */
import type { Recipe } from '../../shared/recipe';
import type { Engine } from './engine';
import type { EngineCreateOptions, LocatedModel } from './engineDescriptor';
import { EngineUnavailableError } from './engineErrors';
import { ENGINE_IDS, isEngineId, isInProcessEngine, type ModelEngineId } from './registry';

/** What creating one engine takes. */
export interface EngineFactory {
  /** Creates (and loads) the engine in the process it runs in; `model` is set for model engines. */
  readonly create: (
    model: LocatedModel | undefined,
    options: EngineCreateOptions,
  ) => Promise<Engine>;
  /**
   * Checks a located model without a runtime: one line per problem, each naming the file. It runs
   * at start-up, before anything is scanned or written; loading the model checks the rest.
   */
  readonly inspectModel?: (modelPath: string, recipe: Recipe) => Promise<string[]>;
}

/** A plain (image, mask) -> image ONNX inpainter of the given contract. */
function plainInpainter(contract: 'migan' | 'lama'): EngineFactory {
  return {
    create: async (model, options) =>
      (await import('./plainInpainter/loadPlainInpainter.js')).createPlainInpainter(
        contract,
        model,
        options,
      ),
  };
}

/** One factory per model engine of the registry (a missing or extra one is a compile error). */
const MODEL_FACTORIES = {
  diffusion: {
    create: async (model, options) =>
      (await import('./diffusion/diffusionEngine.js')).createDiffusionEngine(model, options),
    inspectModel: async (folder, recipe) =>
      (await import('./diffusion/modelFolderCheck.js')).inspectDiffusionFolder(folder, recipe),
  },
  migan: plainInpainter('migan'),
  lama: plainInpainter('lama'),
} as const satisfies Record<ModelEngineId, EngineFactory>;

/**
 * The factory of engine `id`.
 * @throws EngineUnavailableError for an id the registry does not list.
 */
export function engineFactory(id: string): EngineFactory {
  if (!isEngineId(id)) throw new EngineUnavailableError(id, ENGINE_IDS);
  if (isInProcessEngine(id))
    return {
      create: async () => (await import('./inProcessEngines.js')).createInProcessEngine(id),
    };
  return MODEL_FACTORIES[id];
}

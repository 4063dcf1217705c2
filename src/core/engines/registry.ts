/**
 * The engine registry: every engine once, as a descriptor (see engineDescriptor.ts). The CLI's
 * `--engine` choices and help, the wizard's engine items, model lookup and start-up checks, the
 * "runs a model" rule, the DICOM pixel domain and the inference worker's engine set are all read
 * from this list, and so are the job runner's thread-pool engines (the in-process engines that run
 * no model) and the enums of the JSON Schemas (`npm run generate:schemas`). It holds metadata only:
 * the extension reads it, and a bundle that imports it carries no engine code. How each engine is
 * created lives beside it: in-process engines in inProcessEngines.ts (static imports, so pool
 * threads can create them), model engines in engineFactories.ts (lazy imports), which the CLI and
 * the worker import; the compiler refuses an engine listed here without its creator there.
 */
import type { EngineDescriptor, ModelRequirement } from './engineDescriptor';
import { EngineUnavailableError } from './engineErrors';

/** A Stable Diffusion ONNX folder (optimum or the older diffusers export). */
const SD_FOLDER: ModelRequirement = {
  layout: 'folder',
  noun: 'Stable Diffusion ONNX model folder',
  kinds: ['sd-inpaint-9ch', 'sd-base-4ch'],
  registeredPerEngine: false,
  defaultFromRegistry: false,
};

/** A plain (image, mask) -> image ONNX graph registered for one engine. */
const PLAIN_INPAINTER: ModelRequirement = {
  layout: 'onnxFile',
  noun: 'ONNX inpainter file',
  kinds: ['plain-inpainter'],
  registeredPerEngine: true,
  defaultFromRegistry: true,
};

/** Every engine, in the order pickers and help list them. */
export const ENGINES = [
  {
    id: 'composite',
    label: 'Composite',
    summary: 'built in, CPU, no model',
    detail: 'Pastes the key region onto target images with a blended seam',
    model: null,
    host: 'inProcess',
    batches: false,
    fullDepth: true,
  },
  {
    id: 'copyBackground',
    label: 'Copy background',
    summary: 'baseline, CPU, no model',
    detail:
      "The target image's own pixels outside the key region, the source's key region pasted back: an ablation baseline",
    model: null,
    host: 'inProcess',
    batches: false,
    // The target's pixels are cover-cropped to the source's channels and bit depth and the key
    // region pasted back: both work on 16-bit and DICOM stored samples as they are.
    fullDepth: true,
  },
  {
    id: 'diffusion',
    label: 'Stable Diffusion inpainting',
    summary: 'ONNX model folder',
    detail: 'Regenerates everything outside the key region with a Stable Diffusion model',
    model: SD_FOLDER,
    host: 'worker',
    batches: true,
    fullDepth: false,
  },
  {
    id: 'migan',
    label: 'MI-GAN',
    summary: 'fast ONNX inpainter',
    detail: 'Fills everything outside the key region with MI-GAN, fast on a CPU',
    model: PLAIN_INPAINTER,
    host: 'worker',
    batches: false,
    fullDepth: false,
  },
  {
    id: 'lama',
    label: 'LaMa',
    summary: 'ONNX inpainter',
    detail: 'Fills everything outside the key region with LaMa at 512x512',
    model: PLAIN_INPAINTER,
    host: 'worker',
    batches: false,
    fullDepth: false,
  },
] as const satisfies readonly EngineDescriptor[];

/** An engine id of the registry. */
export type EngineId = (typeof ENGINES)[number]['id'];

/** Every engine id, in registry order. */
export const ENGINE_IDS: readonly EngineId[] = ENGINES.map((engine) => engine.id);

/** An engine of the registry that runs in the calling process without a model. */
type InProcessDescriptor = Extract<(typeof ENGINES)[number], { host: 'inProcess'; model: null }>;

/**
 * The id of an engine that runs in the calling process without a model: created by
 * inProcessEngines.ts, and run on the job runner's thread pool with `--jobs` above 1.
 */
export type InProcessEngineId = InProcessDescriptor['id'];

/** The id of an engine that runs a model (created by engineFactories.ts). */
export type ModelEngineId = Exclude<EngineId, InProcessEngineId>;

function isInProcessDescriptor(engine: EngineDescriptor): engine is InProcessDescriptor {
  return engine.host === 'inProcess' && engine.model === null;
}

/** Ids of the engines that run in the calling process without a model, in registry order. */
export const IN_PROCESS_ENGINE_IDS: readonly InProcessEngineId[] = (
  ENGINES as readonly EngineDescriptor[]
)
  .filter(isInProcessDescriptor)
  .map((engine) => engine.id);

/** True when engine `id` runs in the calling process without a model (and so on the pool). */
export function isInProcessEngine(id: string): id is InProcessEngineId {
  return (IN_PROCESS_ENGINE_IDS as readonly string[]).includes(id);
}

/** True when `id` names an engine of the registry. */
export function isEngineId(id: string): id is EngineId {
  return (ENGINE_IDS as readonly string[]).includes(id);
}

/**
 * The descriptor of engine `id`.
 * @throws EngineUnavailableError for an id the registry does not list.
 */
export function engineDescriptor(id: string): EngineDescriptor {
  const found = (ENGINES as readonly EngineDescriptor[]).find((engine) => engine.id === id);
  if (!found) throw new EngineUnavailableError(id, ENGINE_IDS);
  return found;
}

/**
 * True when engine `id` runs a model: it needs one, and runs only in a trusted workspace. An id
 * the registry does not know counts as one, so it is never let through where models are refused.
 */
export function runsModel(id: string): boolean {
  return !isEngineId(id) || engineDescriptor(id).model !== null;
}

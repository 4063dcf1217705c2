/**
 * What the engine registry says about each engine: enough for the CLI's choices and help, the
 * wizard's items, model lookup, the trust rule ("runs a model"), the DICOM pixel domain and the
 * worker's engine set, without loading any engine's code (creating one: engineFactories.ts).
 */
import type { ExecutionProviderPreference } from '../../shared/recipe';
import type { ModelKind } from '../models/catalogTypes';

/** A model reference resolved: where the model is, and the id to record for it. */
export interface LocatedModel {
  /** Absolute path of the model folder or file. */
  path: string;
  /** The catalog id (or the registered id) for a registered model, else the file or folder name. */
  id: string;
}

/** What a model engine needs, and how its model is found and checked. */
export interface ModelRequirement {
  /** A folder (the Stable Diffusion layout) or a single .onnx file. */
  layout: 'folder' | 'onnxFile';
  /** Names the model in messages and pickers, e.g. "Stable Diffusion ONNX model folder". */
  noun: string;
  /** Registered model kinds that suit the engine. */
  kinds: readonly ModelKind[];
  /** A registered model must also name this engine (several engines share one model kind). */
  registeredPerEngine: boolean;
  /** Without a model reference: the catalog's model for the engine, else any suitable registered one. */
  defaultFromRegistry: boolean;
}

/** What creating an engine may depend on. */
export interface EngineCreateOptions {
  executionProvider: ExecutionProviderPreference;
}

/** One engine of the registry. */
export interface EngineDescriptor {
  /** The recipe's `engine` value and the CLI's `--engine` choice. */
  readonly id: string;
  /** Short name for pickers. */
  readonly label: string;
  /** A few words: what it needs and where it runs (wizard description, CLI help). */
  readonly summary: string;
  /** One sentence on what it does. */
  readonly detail: string;
  /** The model it runs, or null for engines that run no model. */
  readonly model: ModelRequirement | null;
  /**
   * 'inProcess': created and run in the calling process. 'worker': created inside the inference
   * worker process and reached through a remote engine (src/worker/remoteEngine.ts).
   */
  readonly host: 'inProcess' | 'worker';
  /** Whether the engine does several augmentations of a source in one call (`augmentBatch`). */
  readonly batches: boolean;
  /**
   * Whether the engine works on the source's samples at full bit depth: 16-bit images and a grey
   * DICOM source's stored values as they are. The others see an 8-bit image (a grey DICOM source
   * through its display window) and their result is mapped back (core/jobs/dicomDomain.ts).
   */
  readonly fullDepth: boolean;
}

/**
 * The protocol between the inference worker (src/worker/main.ts, a forked child process that hosts
 * onnxruntime-node) and its client (src/worker/client.ts, used by the CLI). It rides on the shared
 * message transport (request id, reply-to); its validators are in workerProtocolGuards.ts.
 * Messages travel over Node's IPC channel with `serialization: 'advanced'` (structured clone), so
 * images cross as typed-array buffers, never as JSON arrays of numbers.
 */
import type { EngineProgress } from './engineProgress';
import type { ExecutionProviderPreference, Recipe } from './recipe';

/** An image as it crosses the process boundary (the same shape as core's RawImage). */
export interface WireImage {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  bitDepth: 8 | 16;
  data: Uint8Array | Uint16Array;
}

/** A binary mask (1 = key region). */
export interface WireMask {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A soft mask, 0..1 per pixel. */
export interface WireAlpha {
  width: number;
  height: number;
  data: Float32Array;
}

/**
 * Which hosted engine, with which model, on which execution provider: the key under which the
 * worker keeps the engine's ONNX Runtime sessions loaded between requests.
 */
export interface HostedEngineKey {
  /** An engine id of the registry whose descriptor says it runs in the worker. */
  engine: string;
  /** The located model: a folder or a file, as the engine's descriptor requires. */
  model: string;
  executionProvider: ExecutionProviderPreference;
}

/** Augmentations of one source image, in one call (one batched pass where the engine batches). */
export interface WireBatch {
  recipe: Recipe;
  label: string;
  targetName?: string;
  source: WireImage;
  keyMask: WireMask;
  keyAlpha: WireAlpha;
  /** One entry per augmentation: its seed and optional target exemplar. */
  items: { seed: number; target?: WireImage; targetKeyMask?: WireMask }[];
}

/** Which execution provider runs the model, and why better ones were not used. */
export interface BackendInfo {
  executionProvider: string;
  fallbacks: { provider: string; error: string }[];
  /** How the model was adapted to the provider (a graph rewrite, WebGPU's layout). */
  notes?: string[];
  /** The worker process's peak resident memory so far, in bytes. */
  peakRssBytes?: number;
  /** The worker's process id: proof (and diagnostics) that the session runs in the child. */
  workerPid?: number;
  /** The engine's own description of the loaded model (e.g. its size contract). */
  description?: string;
}

/** A background-removal model run on one image (masks remove-background). */
export interface RemoveBackgroundParams {
  /** The .onnx file. */
  model: string;
  executionProvider: ExecutionProviderPreference;
  image: WireImage;
  threshold?: number;
  dilate?: { kernel: number; iterations: number };
}

/** One graph run on the CPU and on another provider with the same inputs (models check). */
export interface CompareGraphParams {
  graph: string;
  provider: Exclude<ExecutionProviderPreference, 'auto'>;
}

/** How far one output of the two runs differs. */
export interface WireOutputComparison {
  name: string;
  dims: number[];
  maxAbsDiff: number;
  maxAbs: number;
}

/** The comparison of one graph on two providers. */
export interface WireGraphComparison {
  /** The provider the second session actually ran on ('cpu' when the requested one failed). */
  ranOn: string;
  fallbacks: { provider: string; error: string }[];
  float16: boolean;
  outputs: WireOutputComparison[];
}

/** The worker's methods: what each request carries, what answers it, what progress it reports. */
export type WorkerProtocol = {
  /** Loads (and checks) an engine's model; later requests for the same key reuse its sessions. */
  loadEngine: { params: HostedEngineKey; result: BackendInfo; progress: EngineProgress };
  /** Runs a batch of augmentations with a hosted engine (loading it first when needed). */
  augment: {
    params: HostedEngineKey & { batch: WireBatch };
    result: { images: WireImage[]; backend: BackendInfo };
    progress: EngineProgress;
  };
  /** Loads (and checks) a background-removal model; later requests reuse its session. */
  loadBackgroundRemover: {
    params: Omit<RemoveBackgroundParams, 'image' | 'threshold' | 'dilate'>;
    result: BackendInfo;
    progress: never;
  };
  /** Proposes a key-region mask with a background-removal model (its session stays loaded). */
  removeBackground: { params: RemoveBackgroundParams; result: WireMask; progress: never };
  /** Compares one graph on the CPU and on another provider. */
  compareGraph: { params: CompareGraphParams; result: WireGraphComparison; progress: never };
};

/** Announcements outside any request, worker -> client. */
export type WorkerNotice = { type: 'ready'; pid: number };

/** Announcements outside any request, client -> worker. */
export type ClientNotice = { type: 'shutdown' };

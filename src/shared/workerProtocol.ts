/**
 * The typed protocol between the inference worker (src/worker/main.ts, a forked child process
 * hosting onnxruntime-node) and its client (src/worker/client.ts, used by the CLI and the
 * extension). Messages travel over Node's IPC channel with `serialization: 'advanced'`
 * (structured clone), so images cross as typed-array buffers, never as JSON arrays of numbers.
 */
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

/** The engines the worker hosts. */
export type WorkerEngine = 'diffusion' | 'migan' | 'lama';

/** Augmentations of one source image, generated as one batch. */
export interface GenerateJob {
  /** Which engine runs the job; 'diffusion' when absent. */
  engine?: WorkerEngine;
  /**
   * Diffusion: the model folder (diffusers/optimum ONNX layout). Plain inpainters (migan, lama):
   * the .onnx file.
   */
  modelDir: string;
  executionProvider: ExecutionProviderPreference;
  recipe: Recipe;
  label: string;
  targetName?: string;
  source: WireImage;
  keyMask: WireMask;
  keyAlpha: WireAlpha;
  /**
   * One entry per augmentation: its seed and optional target exemplar. An empty list only loads
   * the model (and checks it), answering `result` with no images.
   */
  items: { seed: number; target?: WireImage; targetKeyMask?: WireMask }[];
}

/** Fine-grained progress of a job (the engine's EngineProgress). */
export type WireProgress =
  | { kind: 'loading'; detail?: string }
  | { kind: 'encodingPrompt' }
  | { kind: 'denoising'; step: number; total: number }
  | { kind: 'decoding' }
  | { kind: 'compositing' };

/** Which execution provider runs the model, and why better ones were not used. */
export interface BackendInfo {
  executionProvider: string;
  fallbacks: { provider: string; error: string }[];
  /** The worker process's peak resident memory so far, in bytes. */
  peakRssBytes?: number;
  /** The worker's process id: proof (and diagnostics) that the session runs in the child. */
  workerPid?: number;
  /** The engine's own description of the loaded model (e.g. its size contract). */
  description?: string;
}

/** Client -> worker. */
export type ToWorkerMessage =
  /** Start a job; the worker runs jobs one at a time in arrival order. */
  | { type: 'generate'; jobId: number; job: GenerateJob }
  /** Cooperative cancel: the job stops before its next step and answers `failed` (AbortError). */
  | { type: 'cancel'; jobId: number }
  /** Release the models and exit. */
  | { type: 'shutdown' };

/** Worker -> client. */
export type FromWorkerMessage =
  /** Sent once when the worker is listening. */
  | { type: 'ready'; pid: number }
  | { type: 'progress'; jobId: number; progress: WireProgress }
  | { type: 'result'; jobId: number; images: WireImage[]; backend: BackendInfo }
  | { type: 'failed'; jobId: number; error: { name: string; message: string } };

const WORKER_ENGINES: readonly WorkerEngine[] = ['diffusion', 'migan', 'lama'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Structural check of a message arriving from the client (the worker's boundary). */
export function isToWorkerMessage(value: unknown): value is ToWorkerMessage {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'generate':
      return (
        typeof value.jobId === 'number' &&
        isObject(value.job) &&
        typeof value.job.modelDir === 'string' &&
        (value.job.engine === undefined ||
          WORKER_ENGINES.includes(value.job.engine as WorkerEngine))
      );
    case 'cancel':
      return typeof value.jobId === 'number';
    case 'shutdown':
      return true;
    default:
      return false;
  }
}

/** Structural check of a message arriving from the worker (the client's boundary). */
export function isFromWorkerMessage(value: unknown): value is FromWorkerMessage {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'ready':
      return typeof value.pid === 'number';
    case 'progress':
      return typeof value.jobId === 'number' && isObject(value.progress);
    case 'result':
      return (
        typeof value.jobId === 'number' && Array.isArray(value.images) && isObject(value.backend)
      );
    case 'failed':
      return typeof value.jobId === 'number' && isObject(value.error);
    default:
      return false;
  }
}

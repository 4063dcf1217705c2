/**
 * The contract every augmentation engine (composite, diffusion, plain ONNX inpainters) fulfils.
 * The job runner plans the work and calls an engine one item at a time (or, when the engine
 * offers `augmentBatch`, with the k items of one source together).
 */
import type { EngineProgress } from '../../shared/engineProgress';
import type { Recipe } from '../../shared/recipe';
import type { AlphaMask, BinaryMask, RawImage } from '../image/rawImage';

export type { EngineProgress } from '../../shared/engineProgress';

export interface AugmentRequest {
  /** Source image as decoded (source size and bit depth). Never modified by an engine. */
  source: RawImage;
  /** Key region of the source after the recipe's mask settings (threshold, margin, blur). */
  keyMask: BinaryMask;
  /** Feathered alpha of the key region used for the final paste-back. */
  keyAlpha: AlphaMask;
  /** Target-domain exemplar chosen by the planner for this item; undefined when none. */
  target?: RawImage;
  /** The target exemplar's own key region, when known (filled before compositing). */
  targetKeyMask?: BinaryMask;
  /** The source's label (for prompt templates such as "{class}"). */
  label: string;
  /** Per-item seed; the same seed and inputs give a byte-identical result. */
  seed: number;
  recipe: Recipe;
  signal?: AbortSignal;
  /** Name of the target domain (the target folder's name), for "{target}" in prompt templates. */
  targetName?: string;
}

/** Where an engine's model computes: the ONNX Runtime provider, and why better ones were not used. */
export interface ExecutionBackend {
  executionProvider: string;
  fallbacks: { provider: string; error: string }[];
  /** How the model was adapted to the provider (a graph rewrite, WebGPU's layout), for the log. */
  notes?: string[];
}

export interface Engine {
  readonly id: string;
  /**
   * Produce one augmentation at the source's size, channel count and bit depth, with the
   * key region (outside the feather band) bit-identical to the source.
   */
  augment(request: AugmentRequest, onProgress?: (p: EngineProgress) => void): Promise<RawImage>;
  /**
   * Optional: several augmentations of ONE source (same source, masks, label and recipe; different
   * seeds and targets) in one call, e.g. one batched UNet pass per step. The job runner uses it for
   * the k augmentations of a source when present; results are in request order.
   */
  augmentBatch?(
    requests: AugmentRequest[],
    onProgress?: (p: EngineProgress) => void,
  ): Promise<RawImage[]>;
  /** Execution details to record/show, e.g. the ONNX execution provider in use. */
  describe?(): string;
  /** Model engines: the execution provider their sessions run on. */
  executionBackend?(): ExecutionBackend;
  dispose?(): Promise<void>;
}

/**
 * The k augmentations of one source as one batch: the source, its masks, label and recipe once,
 * then a seed and target per augmentation. It is what crosses to the inference worker and what
 * the diffusion pipeline takes; {@link sourceBatch} and {@link batchRequests} convert both ways.
 */
import type { Recipe } from '../../shared/recipe';
import type { AlphaMask, BinaryMask, RawImage } from '../image/rawImage';
import type { AugmentRequest } from './engine';

/** Augmentations of one source image. */
export interface SourceBatch {
  source: RawImage;
  keyMask: BinaryMask;
  keyAlpha: AlphaMask;
  label: string;
  recipe: Recipe;
  targetName?: string;
  items: { seed: number; target?: RawImage; targetKeyMask?: BinaryMask }[];
}

/**
 * The batch of `requests`, which must all be for one source image and label.
 * @throws Error for an empty list or requests of different sources.
 */
export function sourceBatch(requests: readonly AugmentRequest[]): SourceBatch {
  const first = requests[0];
  if (!first) throw new Error('a batch needs at least one request');
  if (requests.some((r) => r.source !== first.source || r.label !== first.label)) {
    throw new Error(
      'augmentBatch: every request in a batch must be for the same source image and label',
    );
  }
  return {
    source: first.source,
    keyMask: first.keyMask,
    keyAlpha: first.keyAlpha,
    label: first.label,
    recipe: first.recipe,
    ...(first.targetName !== undefined ? { targetName: first.targetName } : {}),
    items: requests.map((r) => ({
      seed: r.seed,
      ...(r.target ? { target: r.target } : {}),
      ...(r.targetKeyMask ? { targetKeyMask: r.targetKeyMask } : {}),
    })),
  };
}

/** One request per item of `batch`, all with `signal`. */
export function batchRequests(batch: SourceBatch, signal?: AbortSignal): AugmentRequest[] {
  return batch.items.map((item) => ({
    source: batch.source,
    keyMask: batch.keyMask,
    keyAlpha: batch.keyAlpha,
    label: batch.label,
    recipe: batch.recipe,
    seed: item.seed,
    ...(item.target ? { target: item.target } : {}),
    ...(item.targetKeyMask ? { targetKeyMask: item.targetKeyMask } : {}),
    ...(batch.targetName !== undefined ? { targetName: batch.targetName } : {}),
    ...(signal ? { signal } : {}),
  }));
}

/**
 * The built-in engine that needs no model weights: the source's key region composited onto a
 * target-domain exemplar (CPU only, deterministic). Useful on its own as a cheap augmentation
 * and as the quick "try the mask on one image" preview.
 */
import type { AugmentRequest, Engine, EngineProgress } from '../engine';
import type { RawImage } from '../../image/rawImage';
import { compositeOntoTarget } from './compositeOntoTarget';

/** Engine id 'composite': {@link compositeOntoTarget} behind the {@link Engine} contract. */
export class CompositeEngine implements Engine {
  readonly id = 'composite';

  /** Composite one item; throws when the request carries no target exemplar. */
  async augment(
    request: AugmentRequest,
    onProgress?: (p: EngineProgress) => void,
  ): Promise<RawImage> {
    request.signal?.throwIfAborted();
    if (request.target === undefined) {
      throw new Error(
        'composite engine needs a target-domain image: add target images to the run (or choose the diffusion engine)',
      );
    }
    onProgress?.({ kind: 'compositing' });
    const settings = request.recipe.composite;
    const result = await compositeOntoTarget(
      {
        source: request.source,
        keyMask: request.keyMask,
        keyAlpha: request.keyAlpha,
        target: request.target,
        ...(request.targetKeyMask === undefined ? {} : { targetKeyMask: request.targetKeyMask }),
      },
      {
        blend: settings.blend,
        harmonize: settings.harmonize,
        fillTargetKeyRegion: settings.fillTargetKeyRegion,
        seed: request.seed,
      },
    );
    request.signal?.throwIfAborted();
    return result;
  }

  /** What the manifest and UI show about how outputs were made. */
  describe(): string {
    return 'composite (CPU, no model weights)';
  }
}

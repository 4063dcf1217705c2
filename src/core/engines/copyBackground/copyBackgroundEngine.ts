/**
 * The "copy background" baseline: the target exemplar's own pixels everywhere outside the key
 * region, the source's key region pasted back with the feathered key alpha. No model, no blending
 * beyond the feather, no colour matching, the target's own lesion left in place, whatever the
 * recipe's composite settings say: the fixed point an ablation compares the composite and
 * diffusion engines against. Deterministic (the seed is not used).
 */
import type { AugmentRequest, Engine, EngineProgress } from '../engine';
import { pasteKeyRegion } from '../../image/pasteBack';
import type { RawImage } from '../../image/rawImage';
import { fitTargetToSource } from '../composite/fitTarget';

/** Engine id 'copyBackground'. */
export class CopyBackgroundEngine implements Engine {
  readonly id = 'copyBackground';

  /** One item; throws when the request carries no target exemplar. */
  async augment(
    request: AugmentRequest,
    onProgress?: (p: EngineProgress) => void,
  ): Promise<RawImage> {
    request.signal?.throwIfAborted();
    if (request.target === undefined) {
      throw new Error(
        'copyBackground engine needs a target-domain image: add target images to the run',
      );
    }
    onProgress?.({ kind: 'compositing' });
    // Cover-crop to the source's size, converted to its channels and bit depth.
    const background = await fitTargetToSource(request.target, request.source);
    return pasteKeyRegion(background, request.source, request.keyAlpha);
  }

  describe(): string {
    return 'copyBackground (CPU, no model: the target pixels outside the key region)';
  }
}

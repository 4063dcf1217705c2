/**
 * Turn a decoded key-region mask into what engines consume: the binary key region after the
 * recipe's margin and contour blur, and its feathered alpha for the final paste-back.
 */
import type { MaskSettings } from '../../shared/recipe';
import { blurBinarize, feather, growOrShrink, invert } from './maskOps';
import type { AlphaMask, BinaryMask } from './rawImage';

/**
 * Apply marginPx (grow or shrink), then blurFactor the way the authors' pipeline does it: the
 * blur acts on the inverted (inpainting) mask and is binarized at 0.5, so ties go to
 * "regenerate"; then feather by featherPx inside the key region.
 */
export function prepareKeyRegion(
  mask: BinaryMask,
  settings: Pick<MaskSettings, 'marginPx' | 'blurFactor' | 'featherPx'>,
): { keyMask: BinaryMask; keyAlpha: AlphaMask } {
  let keyMask = growOrShrink(mask, settings.marginPx);
  if (settings.blurFactor > 0) keyMask = invert(blurBinarize(invert(keyMask), settings.blurFactor));
  return { keyMask, keyAlpha: feather(keyMask, settings.featherPx) };
}

/**
 * Turn a decoded key-region mask into what engines consume: the binary key region after the
 * recipe's margin and contour blur, and its feathered alpha for the final paste-back. The blend
 * side decides whether the blur and feather may touch the mask's own pixels.
 */
import { blendSideOf, type MaskSettings } from '../../shared/recipe';
import { blurBinarize, feather, featherOutside, growOrShrink, invert, union } from './maskOps';
import type { AlphaMask, BinaryMask } from './rawImage';

/**
 * The side length blurFactor is measured at. The authors' blur_factor (33 for dermoscopy) acts on
 * Stable Diffusion's 512 x 512 inputs; applied unscaled to a 64 px image it would erase a lesion
 * altogether, so the radius is scaled by the image's shorter side / 512.
 */
export const BLUR_REFERENCE_SIZE = 512;

/** The blur radius in pixels for a mask of this size (blurFactor is given at 512 px). */
export function scaledBlurRadius(blurFactor: number, width: number, height: number): number {
  return (blurFactor * Math.min(width, height)) / BLUR_REFERENCE_SIZE;
}

/** The key region an engine keeps and the alpha of its paste-back. */
export interface PreparedKeyRegion {
  /** Pixels never regenerated (1 = keep); engines regenerate its complement. */
  keyMask: BinaryMask;
  /** Paste-back alpha: 1 = the source's sample exactly, 0 = the generated one, between = a blend. */
  keyAlpha: AlphaMask;
  /** The mask after marginPx: the region the recipe asks to keep (what "kept exactly" is measured on). */
  requested: BinaryMask;
}

/**
 * Apply marginPx (grow or shrink), then blurFactor the way the authors' pipeline does it (the
 * blur acts on the inverted mask and is binarized at 0.5, so ties go to "regenerate"), then the
 * feather of featherPx.
 * - blendSide 'inside' (the authors' behaviour): the blurred contour may cut into the mask and
 *   the feather fades the mask's outer featherPx pixels.
 * - blendSide 'outside': the blur may only add pixels (it smooths the contour outward, filling
 *   notches) and the feather lies outside the key region, so every requested pixel has alpha 1.
 */
export function prepareKeyRegion(
  mask: BinaryMask,
  settings: Pick<MaskSettings, 'marginPx' | 'blurFactor' | 'featherPx' | 'blendSide'>,
): PreparedKeyRegion {
  const requested = growOrShrink(mask, settings.marginPx);
  const outside = blendSideOf(settings) === 'outside';
  let keyMask = requested;
  const blurRadius = scaledBlurRadius(settings.blurFactor, mask.width, mask.height);
  if (blurRadius > 0) {
    const smoothed = invert(blurBinarize(invert(requested), blurRadius));
    keyMask = outside ? union(requested, smoothed) : smoothed;
  }
  const keyAlpha = outside
    ? featherOutside(keyMask, settings.featherPx)
    : feather(keyMask, settings.featherPx);
  return { keyMask, keyAlpha, requested };
}

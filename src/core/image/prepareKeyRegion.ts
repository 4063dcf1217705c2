/**
 * Turn a decoded key-region mask into what engines consume: the binary key region after the
 * recipe's margin and contour blur, and its feathered alpha for the final paste-back.
 */
import type { MaskSettings } from '../../shared/recipe';
import { blurBinarize, feather, growOrShrink, invert } from './maskOps';
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
  const blurRadius = scaledBlurRadius(settings.blurFactor, mask.width, mask.height);
  if (blurRadius > 0) keyMask = invert(blurBinarize(invert(keyMask), blurRadius));
  return { keyMask, keyAlpha: feather(keyMask, settings.featherPx) };
}

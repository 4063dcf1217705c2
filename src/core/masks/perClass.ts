/**
 * The recipe's per-class mask policy (Recipe.mask.perClass): images of a class with no key region
 * get an 'empty' mask (regenerate the whole image, like the authors' empty camera-trap frames) or
 * a 'whole' mask (keep it all). Other classes use their own mask.
 */
import { emptyMask, fullMask } from '../image/maskOps';
import type { BinaryMask } from '../image/rawImage';
import type { MaskSettings } from '../../shared/recipe';

export type MaskOrigin = 'file' | 'policy-empty' | 'policy-whole';

export interface PolicyMask {
  mask: BinaryMask;
  origin: MaskOrigin;
}

/** The policy for `label`, if the recipe sets one. */
export function perClassPolicy(
  perClass: MaskSettings['perClass'],
  label: string,
): 'empty' | 'whole' | undefined {
  return Object.prototype.hasOwnProperty.call(perClass, label) ? perClass[label] : undefined;
}

/**
 * Apply the per-class policy: a policy class gets a generated mask at the image size (any mask
 * file is ignored); other classes need their mask, else a clear error.
 */
export function applyPerClassPolicy(
  perClass: MaskSettings['perClass'],
  label: string,
  size: { width: number; height: number },
  fileMask: BinaryMask | undefined,
  imageName = 'image',
): PolicyMask {
  const policy = perClassPolicy(perClass, label);
  if (policy === 'empty')
    return { mask: emptyMask(size.width, size.height), origin: 'policy-empty' };
  if (policy === 'whole')
    return { mask: fullMask(size.width, size.height), origin: 'policy-whole' };
  if (fileMask === undefined) {
    throw new Error(
      `${imageName} (class "${label}") has no key-region mask and the recipe sets no per-class policy for "${label}" ` +
        "(mask.perClass: 'empty' to regenerate it all, 'whole' to keep it).",
    );
  }
  if (fileMask.width !== size.width || fileMask.height !== size.height) {
    throw new Error(
      `${imageName}: mask is ${fileMask.width}x${fileMask.height}, image is ${size.width}x${size.height}`,
    );
  }
  return { mask: fileMask, origin: 'file' };
}

/**
 * Bring a target-domain exemplar (and its own key-region mask) to the source's geometry and
 * sample format: cover-crop to the source size, then match channel count and bit depth.
 */
import { matchFormat, resizeCover } from '../../image/resize';
import type { BinaryMask, RawImage } from '../../image/rawImage';

/**
 * Fitted targets by target and source geometry. A run keeps its decoded targets (one object per
 * target file, jobs/decodedFiles.ts), and every item that uses a target fits it to its source twice
 * (the composite, then the quality measure): a resize each time when the sizes differ. Kept while
 * the target object lives; like the targets, the fitted images are shared and never modified (the
 * blends write into copies).
 */
const fittedByTarget = new WeakMap<RawImage, Map<string, Promise<RawImage>>>();

/** The target resized (cover, centred) and converted to the source's channels and bit depth. */
export function fitTargetToSource(target: RawImage, source: RawImage): Promise<RawImage> {
  const key = `${source.width}x${source.height}x${source.channels}x${source.bitDepth}`;
  let fitted = fittedByTarget.get(target);
  if (fitted === undefined) {
    fitted = new Map();
    fittedByTarget.set(target, fitted);
  }
  const known = fitted.get(key);
  if (known !== undefined) return known;
  const made = resizeCover(target, source.width, source.height).then((resized) =>
    matchFormat(resized, source),
  );
  fitted.set(key, made);
  // A failed fit is not kept: the next item tries again and reports its own error.
  made.catch(() => fitted.delete(key));
  return made;
}

/**
 * The same centred cover crop applied to a mask with nearest-neighbour sampling, so the mask
 * stays aligned with {@link fitTargetToSource}'s output (to within a pixel of sharp's rounding).
 */
export function fitMaskCover(mask: BinaryMask, width: number, height: number): BinaryMask {
  if (mask.width === width && mask.height === height) return mask;
  const scale = Math.max(width / mask.width, height / mask.height);
  const offsetX = (mask.width * scale - width) / 2;
  const offsetY = (mask.height * scale - height) / 2;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(mask.height - 1, Math.floor((y + 0.5 + offsetY) / scale));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(mask.width - 1, Math.floor((x + 0.5 + offsetX) / scale));
      data[y * width + x] = mask.data[sy * mask.width + sx];
    }
  }
  return { width, height, data };
}

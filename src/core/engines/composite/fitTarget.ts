/**
 * Bring a target-domain exemplar (and its own key-region mask) to the source's geometry and
 * sample format: cover-crop to the source size, then match channel count and bit depth.
 */
import { matchFormat, resizeCover } from '../../image/resize';
import type { BinaryMask, RawImage } from '../../image/rawImage';

/** The target resized (cover, centred) and converted to the source's channels and bit depth. */
export async function fitTargetToSource(target: RawImage, source: RawImage): Promise<RawImage> {
  const resized = await resizeCover(target, source.width, source.height);
  return matchFormat(resized, source);
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

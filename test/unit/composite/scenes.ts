/** Synthetic scenes for the composite tests: textured backgrounds, a lesion-like disc, masks. */
import { feather } from '../../../src/core/image/maskOps';
import type { AlphaMask, BinaryMask, RawImage } from '../../../src/core/image/rawImage';
import { uniformRandom } from '../../../src/core/util/seededRandom';

/** A smooth gradient with seeded texture; `level` sets the mean brightness (0..1 of full scale). */
export function texturedImage(
  width: number,
  height: number,
  channels: 1 | 3,
  bits: 8 | 16,
  level: number,
  seed: number,
): RawImage {
  const max = bits === 16 ? 65535 : 255;
  const random = uniformRandom(seed);
  const data =
    bits === 16
      ? new Uint16Array(width * height * channels)
      : new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        const v =
          level + 0.1 * (x / width) - 0.05 * (y / height) + 0.02 * c + 0.04 * (random() - 0.5);
        data[(y * width + x) * channels + c] = Math.round(Math.min(1, Math.max(0, v)) * max);
      }
    }
  }
  return { width, height, channels, bitDepth: bits, data };
}

export function discMask(
  width: number,
  height: number,
  cx: number,
  cy: number,
  r: number,
): BinaryMask {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) data[y * width + x] = 1;
  return { width, height, data };
}

/** Paint a disc of the given level (0..1) into an image, all channels. */
export function paintDisc(image: RawImage, cx: number, cy: number, r: number, level: number): void {
  const max = image.bitDepth === 16 ? 65535 : 255;
  const mask = discMask(image.width, image.height, cx, cy, r);
  for (let p = 0; p < mask.data.length; p++) {
    if (mask.data[p] === 0) continue;
    for (let c = 0; c < image.channels; c++)
      image.data[p * image.channels + c] = Math.round(level * max);
  }
}

export function keyRegion(
  mask: BinaryMask,
  featherPx: number,
): { keyMask: BinaryMask; keyAlpha: AlphaMask } {
  return { keyMask: mask, keyAlpha: feather(mask, featherPx) };
}

/** Mean and standard deviation of channel 0 over the pixels where `where` is 1. */
export function regionStats(image: RawImage, where: Uint8Array): { mean: number; std: number } {
  let sum = 0;
  let sum2 = 0;
  let n = 0;
  for (let p = 0; p < where.length; p++) {
    if (where[p] === 0) continue;
    const v = image.data[p * image.channels];
    sum += v;
    sum2 += v * v;
    n++;
  }
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(0, sum2 / n - mean * mean)) };
}

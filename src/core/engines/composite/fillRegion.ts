/**
 * Remove a target exemplar's own key region (its lesion) before the source's is pasted on, so
 * the composite never shows two lesions. Classical inpainting: the region is filled with the
 * harmonic (membrane) interpolation of its surroundings, then given seeded grain with the same
 * fine-scale standard deviation as the ring around it, so the patch is not conspicuously smooth.
 */
import { dilate } from '../../image/maskOps';
import type { BinaryMask, RawImage } from '../../image/rawImage';
import { solveLaplace } from './laplaceSolver';
import { fromPlanes, toPlanes } from './planes';
import { gaussianRandom } from '../../util/seededRandom';

/** Options of {@link fillRegion}. */
export interface FillOptions {
  /** Seed of the grain; the same seed gives the same bytes. */
  seed: number;
  /** Grow the region by this many pixels first, to take the lesion's soft rim too (default 1% of the short side, at least 2). */
  marginPx?: number;
  /** Add texture-matched grain (default true). */
  grain?: boolean;
}

/** A copy of `image` with `region` (1 = remove) filled from its surroundings. */
export function fillRegion(image: RawImage, region: BinaryMask, options: FillOptions): RawImage {
  const { width, height } = image;
  if (region.width !== width || region.height !== height) {
    throw new Error(
      `fillRegion: region is ${region.width}x${region.height}, image is ${width}x${height}`,
    );
  }
  const margin = options.marginPx ?? Math.max(2, Math.round(0.01 * Math.min(width, height)));
  const grown = dilate(region, margin);
  let unknownCount = 0;
  for (let i = 0; i < grown.data.length; i++) unknownCount += grown.data[i];
  if (unknownCount === 0) return image;
  if (unknownCount === grown.data.length) {
    throw new Error(
      "the target image's key region covers the whole image; there is no background to fill it from",
    );
  }
  const planes = toPlanes(image);
  solveLaplace({ width, height, unknown: grown.data, values: planes });
  if (options.grain ?? true) addGrain(planes, image, grown, options.seed);
  return fromPlanes(planes, image);
}

/** Add N(0, sigma_c) noise inside the region, sigma_c measured on the ring just outside it. */
function addGrain(planes: Float32Array[], image: RawImage, region: BinaryMask, seed: number): void {
  const ring = dilate(region, 8).data.map((v, i) => (v !== 0 && region.data[i] === 0 ? 1 : 0));
  const original = toPlanes(image);
  const random = gaussianRandom(seed);
  const sigmas = original.map((plane) => fineScaleSigma(plane, ring, image.width, image.height));
  for (let p = 0; p < region.data.length; p++) {
    if (region.data[p] === 0) continue;
    for (let c = 0; c < planes.length; c++) planes[c][p] += sigmas[c] * random();
  }
}

/** Standard deviation of (pixel - mean of its 3x3 neighbourhood) over the ring's pixels. */
function fineScaleSigma(
  plane: Float32Array,
  ring: Uint8Array,
  width: number,
  height: number,
): number {
  let sum = 0;
  let sum2 = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const p = y * width + x;
      if (ring[p] === 0) continue;
      let local = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) local += plane[p + dy * width + dx];
      const detail = plane[p] - local / 9;
      sum += detail;
      sum2 += detail * detail;
      n++;
    }
  }
  if (n < 2) return 0;
  const mean = sum / n;
  // detail = x - mean9 has variance (8/9)^2 + 8/81 = 8/9 of the pixel noise variance for white noise.
  return Math.sqrt(Math.max(0, sum2 / n - mean * mean) * (9 / 8));
}

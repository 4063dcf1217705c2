/**
 * Structural similarity (SSIM; Wang, Bovik, Sheikh, Simoncelli, IEEE TIP 2004) with the paper's
 * settings: Gaussian window sigma 1.5 (11 taps), K1 0.01, K2 0.03, population covariances, on
 * luma in 8-bit levels (L = 255); images whose shorter side is at least 384 px are first reduced
 * by the paper's reference code's factor round(min side / 256) (block means), which also keeps
 * the per-item cost small.
 *
 * Written here rather than taken from npm: the maintained package (ssim.js) returns only the
 * 'valid' part of the map with no way to average over a region, and its Gaussian variant is a
 * line-by-line port of the MATLAB script on plain arrays with a non-separable 11 x 11
 * convolution (96 ms of CPU for a 256 x 256 pair on the project's machine, against 17 ms here);
 * its fast variants use a box window and integer rounding instead of Wang's Gaussian. This one is
 * separable, on typed arrays, and checked against scikit-image's structural_similarity
 * (test/unit/quality).
 */
import type { RawImage } from '../image/rawImage';
import { lumaLevels8 } from './samples';

const SIGMA = 1.5;
/** scipy's gaussian_filter with truncate 3.5 (scikit-image's choice): radius int(3.5 sigma + 0.5). */
const RADIUS = Math.floor(3.5 * SIGMA + 0.5);
const K1 = 0.01;
const K2 = 0.03;
const DATA_RANGE = 255;

/** A single-channel float plane. */
export interface Plane {
  width: number;
  height: number;
  data: Float32Array;
}

/** The normalised Gaussian taps, -RADIUS..RADIUS. */
function gaussianTaps(): Float64Array {
  const taps = new Float64Array(2 * RADIUS + 1);
  let total = 0;
  for (let k = -RADIUS; k <= RADIUS; k++) {
    taps[k + RADIUS] = Math.exp((-0.5 * k * k) / (SIGMA * SIGMA));
    total += taps[k + RADIUS];
  }
  for (let k = 0; k < taps.length; k++) taps[k] /= total;
  return taps;
}

/** scipy.ndimage's 'reflect' edge mode (d c b a | a b c d | d c b a). */
function reflect(i: number, n: number): number {
  let j = i;
  for (;;) {
    if (j < 0) j = -j - 1;
    else if (j >= n) j = 2 * n - j - 1;
    else return j;
  }
}

/** Separable Gaussian filter of a plane (Float64 accumulators, reflect edges via padded lines). */
function gaussianFilter(values: Float64Array, width: number, height: number): Float64Array {
  const taps = gaussianTaps();
  const n = taps.length;
  const rows = new Float64Array(values.length);
  const out = new Float64Array(values.length);
  const line = new Float64Array(Math.max(width, height) + 2 * RADIUS);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let k = -RADIUS; k < width + RADIUS; k++)
      line[k + RADIUS] = values[row + reflect(k, width)];
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let t = 0; t < n; t++) s += taps[t] * line[x + t];
      rows[row + x] = s;
    }
  }
  for (let x = 0; x < width; x++) {
    for (let k = -RADIUS; k < height + RADIUS; k++)
      line[k + RADIUS] = rows[reflect(k, height) * width + x];
    for (let y = 0; y < height; y++) {
      let s = 0;
      for (let t = 0; t < n; t++) s += taps[t] * line[y + t];
      out[y * width + x] = s;
    }
  }
  return out;
}

/**
 * The full SSIM map of two planes of the same size (values in 8-bit levels), equal to
 * scikit-image's `structural_similarity(a, b, gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False, data_range=255, full=True)[1]`.
 */
export function ssimMap(a: Plane, b: Plane): Float64Array {
  const { width, height } = a;
  if (b.width !== width || b.height !== height)
    throw new Error(`ssimMap: planes are ${width}x${height} and ${b.width}x${b.height}`);
  const n = width * height;
  const x = Float64Array.from(a.data);
  const y = Float64Array.from(b.data);
  const xx = new Float64Array(n);
  const yy = new Float64Array(n);
  const xy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xx[i] = x[i] * x[i];
    yy[i] = y[i] * y[i];
    xy[i] = x[i] * y[i];
  }
  const ux = gaussianFilter(x, width, height);
  const uy = gaussianFilter(y, width, height);
  const uxx = gaussianFilter(xx, width, height);
  const uyy = gaussianFilter(yy, width, height);
  const uxy = gaussianFilter(xy, width, height);
  const c1 = (K1 * DATA_RANGE) ** 2;
  const c2 = (K2 * DATA_RANGE) ** 2;
  const map = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const vx = uxx[i] - ux[i] * ux[i];
    const vy = uyy[i] - uy[i] * uy[i];
    const vxy = uxy[i] - ux[i] * uy[i];
    map[i] =
      ((2 * ux[i] * uy[i] + c1) * (2 * vxy + c2)) /
      ((ux[i] * ux[i] + uy[i] * uy[i] + c1) * (vx + vy + c2));
  }
  return map;
}

/**
 * Mean of the SSIM map over the pixels `include` marks, leaving out the RADIUS-pixel border as
 * scikit-image does for its mean; null when no pixel remains.
 */
export function meanSsimOver(
  map: Float64Array,
  width: number,
  height: number,
  include: Uint8Array,
): number | null {
  let sum = 0;
  let count = 0;
  for (let y = RADIUS; y < height - RADIUS; y++) {
    for (let x = RADIUS, p = y * width + RADIUS; x < width - RADIUS; x++, p++) {
      if (include[p] === 0) continue;
      sum += map[p];
      count++;
    }
  }
  return count === 0 ? null : sum / count;
}

/** The reduction factor of Wang's reference code: round(min side / 256), at least 1. */
export function reductionFactor(width: number, height: number): number {
  return Math.max(1, Math.round(Math.min(width, height) / 256));
}

/** f x f block means of a plane (a partial block at the right or bottom edge averages what it has). */
export function reducePlane(plane: Plane, f: number): Plane {
  if (f <= 1) return plane;
  const width = Math.ceil(plane.width / f);
  const height = Math.ceil(plane.height / f);
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      let n = 0;
      for (let dy = 0; dy < f && y * f + dy < plane.height; dy++)
        for (let dx = 0; dx < f && x * f + dx < plane.width; dx++) {
          s += plane.data[(y * f + dy) * plane.width + x * f + dx];
          n++;
        }
      data[y * width + x] = s / n;
    }
  }
  return { width, height, data };
}

/** Block-reduces a 0/1 selection: a block counts only when every pixel in it is selected. */
function reduceSelection(
  selection: Uint8Array,
  width: number,
  height: number,
  f: number,
): Uint8Array {
  const plane = reducePlane({ width, height, data: Float32Array.from(selection) }, f);
  const out = new Uint8Array(plane.data.length);
  for (let i = 0; i < out.length; i++) out[i] = plane.data[i] >= 1 ? 1 : 0;
  return out;
}

/**
 * SSIM of two images of the same size over the pixels `include` marks (1 = compare), on luma,
 * reduced by {@link reductionFactor}; null when no pixel is compared.
 */
export function regionSsim(a: RawImage, b: RawImage, include: Uint8Array): number | null {
  const { width, height } = a;
  if (b.width !== width || b.height !== height || include.length !== width * height)
    throw new Error('regionSsim: images and selection must have the same size');
  const f = reductionFactor(width, height);
  const pa = reducePlane({ width, height, data: lumaLevels8(a) }, f);
  const pb = reducePlane({ width, height, data: lumaLevels8(b) }, f);
  const selection = f > 1 ? reduceSelection(include, width, height, f) : include;
  return meanSsimOver(ssimMap(pa, pb), pa.width, pa.height, selection);
}

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

/** The normalised Gaussian taps 0..RADIUS (the filter is symmetric: tap -k equals tap k). */
function gaussianTaps(): Float64Array {
  const taps = new Float64Array(RADIUS + 1);
  let total = 0;
  for (let k = -RADIUS; k <= RADIUS; k++) total += Math.exp((-0.5 * k * k) / (SIGMA * SIGMA));
  for (let k = 0; k <= RADIUS; k++) taps[k] = Math.exp((-0.5 * k * k) / (SIGMA * SIGMA)) / total;
  return taps;
}

const TAPS = gaussianTaps();

/** scipy.ndimage's 'reflect' edge mode (d c b a | a b c d | d c b a). */
function reflect(i: number, n: number): number {
  let j = i;
  for (;;) {
    if (j < 0) j = -j - 1;
    else if (j >= n) j = 2 * n - j - 1;
    else return j;
  }
}

/**
 * The filter's intermediate plane, kept between calls (about 0.5 MB at 256 x 256, eight times per
 * item): allocating it each time cost page faults and collections. Each thread has its own module
 * state, and the filter is synchronous, so one plane per thread is enough.
 */
let scratch = new Float64Array(0);

function scratchPlane(length: number): Float64Array {
  if (scratch.length < length) scratch = new Float64Array(length);
  return scratch.subarray(0, length);
}

if (RADIUS !== 5) throw new Error('ssim: the filter below is written out for an 11-tap window');

/**
 * Separable Gaussian filter of a plane with reflect edges (Float64), or of its product with a
 * second plane `times` (element by element, formed row by row instead of as a plane of its own).
 * Rows first, into a (reused) plane
 * padded by RADIUS reflected rows above and below, so that the column pass reads whole rows in
 * memory order. The 11 taps are written out and paired (tap -k equals tap k): 6 multiplications
 * per value, and about 3x faster than a loop over a taps array, which the JIT neither unrolls nor
 * frees of bounds checks.
 */
function gaussianFilter(
  values: Float32Array,
  times: Float32Array | null,
  width: number,
  height: number,
  out: Float64Array = new Float64Array(width * height),
): Float64Array {
  const [t0, t1, t2, t3, t4, t5] = TAPS as unknown as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const padded = scratchPlane((height + 2 * RADIUS) * width);
  const line = new Float64Array(width + 2 * RADIUS);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    if (times === null) line.set(values.subarray(row, row + width), RADIUS);
    else for (let x = 0; x < width; x++) line[RADIUS + x] = values[row + x] * times[row + x];
    for (let k = 1; k <= RADIUS; k++) {
      line[RADIUS - k] = line[RADIUS + reflect(-k, width)];
      line[RADIUS + width - 1 + k] = line[RADIUS + reflect(width - 1 + k, width)];
    }
    for (let x = 0, c = RADIUS, o = (y + RADIUS) * width; x < width; x++, c++, o++)
      padded[o] =
        t0 * line[c] +
        t1 * (line[c - 1] + line[c + 1]) +
        t2 * (line[c - 2] + line[c + 2]) +
        t3 * (line[c - 3] + line[c + 3]) +
        t4 * (line[c - 4] + line[c + 4]) +
        t5 * (line[c - 5] + line[c + 5]);
  }
  for (let k = 1; k <= RADIUS; k++) {
    const above = reflect(-k, height) + RADIUS;
    const below = reflect(height - 1 + k, height) + RADIUS;
    padded.copyWithin((RADIUS - k) * width, above * width, (above + 1) * width);
    padded.copyWithin((RADIUS + height - 1 + k) * width, below * width, (below + 1) * width);
  }
  const w1 = width;
  const w2 = 2 * width;
  const w3 = 3 * width;
  const w4 = 4 * width;
  const w5 = 5 * width;
  for (let o = 0, c = RADIUS * width; o < out.length; o++, c++)
    out[o] =
      t0 * padded[c] +
      t1 * (padded[c - w1] + padded[c + w1]) +
      t2 * (padded[c - w2] + padded[c + w2]) +
      t3 * (padded[c - w3] + padded[c + w3]) +
      t4 * (padded[c - w4] + padded[c + w4]) +
      t5 * (padded[c - w5] + padded[c + w5]);
  return out;
}

/** What SSIM needs of one image, computed once however many images it is compared with. */
interface SsimSide {
  width: number;
  height: number;
  /** The plane's own values (float32: every product and sum is formed in float64 all the same). */
  values: Float32Array;
  /** Gaussian-weighted local mean of the values, and of their squares. */
  mean: Float64Array;
  meanOfSquares: Float64Array;
}

function ssimSide(plane: Plane): SsimSide {
  const { width, height, data: values } = plane;
  return {
    width,
    height,
    values,
    mean: gaussianFilter(values, null, width, height),
    meanOfSquares: gaussianFilter(values, values, width, height),
  };
}

const C1 = (K1 * DATA_RANGE) ** 2;
const C2 = (K2 * DATA_RANGE) ** 2;

/** SSIM at pixel i from the two sides' local statistics and their local mean product. */
function ssimAt(a: SsimSide, b: SsimSide, meanOfProducts: Float64Array, i: number): number {
  const ux = a.mean[i];
  const uy = b.mean[i];
  const vx = a.meanOfSquares[i] - ux * ux;
  const vy = b.meanOfSquares[i] - uy * uy;
  const vxy = meanOfProducts[i] - ux * uy;
  return ((2 * ux * uy + C1) * (2 * vxy + C2)) / ((ux * ux + uy * uy + C1) * (vx + vy + C2));
}

/**
 * The Gaussian-weighted local mean of the two sides' product, into `out` when given (a caller
 * that only reads it before its next call passes {@link productsScratch}).
 */
function meanOfProducts(a: SsimSide, b: SsimSide, out?: Float64Array): Float64Array {
  if (b.width !== a.width || b.height !== a.height)
    throw new Error(`ssimMap: planes are ${a.width}x${a.height} and ${b.width}x${b.height}`);
  return gaussianFilter(a.values, b.values, a.width, a.height, out);
}

/** A plane for products read right away (two per output, 0.5 MB each at 256 x 256), per thread. */
let products = new Float64Array(0);

function productsScratch(length: number): Float64Array {
  if (products.length < length) products = new Float64Array(length);
  return products.subarray(0, length);
}

/**
 * The full SSIM map of two planes of the same size (values in 8-bit levels), equal to
 * scikit-image's `structural_similarity(a, b, gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False, data_range=255, full=True)[1]`.
 */
export function ssimMap(a: Plane, b: Plane): Float64Array {
  const sa = ssimSide(a);
  const sb = ssimSide(b);
  const products = meanOfProducts(sa, sb);
  const map = new Float64Array(products.length);
  for (let i = 0; i < map.length; i++) map[i] = ssimAt(sa, sb, products, i);
  return map;
}

/**
 * The rows and columns an SSIM mean counts: the RADIUS-pixel border is left out, as scikit-image
 * does for its mean (its filter there reads reflected pixels).
 */
const countedFrom = RADIUS;
const countedTo = (size: number): number => size - RADIUS;

/** Mean of an SSIM map over the pixels `include` marks (border left out); null when none. */
export function meanSsimOver(
  map: Float64Array,
  width: number,
  height: number,
  include: Uint8Array,
): number | null {
  let sum = 0;
  let count = 0;
  for (let y = countedFrom; y < countedTo(height); y++) {
    for (let x = countedFrom, p = y * width + x; x < countedTo(width); x++, p++) {
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
  const reducedWidth = Math.ceil(width / f);
  const out = new Uint8Array(reducedWidth * Math.ceil(height / f)).fill(1);
  for (let y = 0; y < height; y++) {
    const to = Math.floor(y / f) * reducedWidth;
    for (let x = 0, p = y * width, block = to; x < width; block++) {
      for (const end = Math.min(x + f, width); x < end; x++, p++)
        if (selection[p] === 0) out[block] = 0;
    }
  }
  return out;
}

/**
 * Luma in 8-bit levels reduced by f, in one pass: the same values as
 * `reducePlane({ ..., data: lumaLevels8(image) }, f)` (each pixel's luma rounded to float32, each
 * block summed in the same order: its rows top to bottom, each row left to right) without the
 * full-size luma plane in between. The image is read row by row in memory order, each row's
 * lumas added to its blocks' running sums, so the loop over pixels has no branch on the format
 * or the block shape (about 3x faster than summing one block at a time).
 */
export function reducedLuma(image: RawImage, f: number): Plane {
  if (f <= 1) return { width: image.width, height: image.height, data: lumaLevels8(image) };
  if (f === 2 && isEvenSizedRgb8(image)) return halvedLumaRgb8(image);
  const { width: fullWidth, height: fullHeight } = image;
  const width = Math.ceil(fullWidth / f);
  const height = Math.ceil(fullHeight / f);
  const data = new Float32Array(width * height);
  const row = new Float32Array(fullWidth);
  const sums = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    sums.fill(0);
    const rows = Math.min(f, fullHeight - y * f);
    for (let dy = 0; dy < rows; dy++) {
      lumaRow(image, y * f + dy, row);
      for (let x = 0, p = 0; x < width; x++) {
        const end = Math.min(p + f, fullWidth);
        let s = sums[x];
        for (; p < end; p++) s += row[p];
        sums[x] = s;
      }
    }
    for (let x = 0, o = y * width; x < width; x++, o++) {
      const cols = Math.min(f, fullWidth - x * f);
      data[o] = sums[x] / (rows * cols);
    }
  }
  return { width, height, data };
}

/** An 8-bit image with colour channels and even sides: what {@link halvedLumaRgb8} takes. */
function isEvenSizedRgb8(image: RawImage): boolean {
  return (
    image.bitDepth === 8 && image.channels >= 3 && image.width % 2 === 0 && image.height % 2 === 0
  );
}

/**
 * {@link reducedLuma} by 2 of an 8-bit colour image with even sides (the common 512 x 512 case),
 * with the same values bit for bit: each pixel's luma rounded to float32 (Math.fround, as the
 * general path's Float32Array row does), each 2 x 2 block summed in float64 (exactly, in any
 * order: four float32 values below 256 fit in float64's mantissa). Reading both rows of a block at
 * once, with no row buffer, running sums or ragged-edge bounds, takes about half the general
 * path's time.
 */
function halvedLumaRgb8(image: RawImage): Plane {
  const { width: fullWidth, channels: stride, data } = image;
  const width = fullWidth / 2;
  const height = image.height / 2;
  const out = new Float32Array(width * height);
  const rowLength = fullWidth * stride;
  for (let y = 0, o = 0; y < height; y++) {
    let top = 2 * y * rowLength;
    let bottom = top + rowLength;
    for (let x = 0; x < width; x++, o++, top += 2 * stride, bottom += 2 * stride) {
      const a = Math.fround(0.299 * data[top] + 0.587 * data[top + 1] + 0.114 * data[top + 2]);
      const r = top + stride;
      const b = Math.fround(0.299 * data[r] + 0.587 * data[r + 1] + 0.114 * data[r + 2]);
      const c = Math.fround(
        0.299 * data[bottom] + 0.587 * data[bottom + 1] + 0.114 * data[bottom + 2],
      );
      const l = bottom + stride;
      const d = Math.fround(0.299 * data[l] + 0.587 * data[l + 1] + 0.114 * data[l + 2]);
      out[o] = (a + b + c + d) / 4;
    }
  }
  return { width, height, data: out };
}

/**
 * One row's luma in 8-bit levels, each rounded to float32 (the Float32Array stores it so), as
 * {@link lumaLevels8} computes it: for 8-bit samples the scale is 1 and is left out, which
 * changes no bit.
 */
function lumaRow(image: RawImage, y: number, out: Float32Array): void {
  const { width, channels: stride, data } = image;
  let i = y * width * stride;
  if (stride < 3) {
    const scale = image.bitDepth === 16 ? 1 / 257 : 1;
    for (let x = 0; x < width; x++, i += stride) out[x] = data[i] * scale;
  } else if (image.bitDepth === 16) {
    const scale = 1 / 257;
    for (let x = 0; x < width; x++, i += stride)
      out[x] = (0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2]) * scale;
  } else {
    for (let x = 0; x < width; x++, i += stride)
      out[x] = 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
  }
}

/**
 * An image prepared for SSIM: its luma reduced by {@link reductionFactor} and the local statistics
 * of that plane alone (Gaussian mean and mean of squares). An image compared with several others
 * (an output with its target and its source; a source with each of its outputs) is prepared once.
 */
export class SsimImage {
  private constructor(
    readonly width: number,
    readonly height: number,
    readonly factor: number,
    readonly side: SsimSide,
  ) {}

  static of(image: RawImage): SsimImage {
    const factor = reductionFactor(image.width, image.height);
    return new SsimImage(image.width, image.height, factor, ssimSide(reducedLuma(image, factor)));
  }
}

/**
 * Mean SSIM of two prepared images of the same size over the pixels `include` marks (1 =
 * compare, at full size); null when no pixel is compared.
 */
export function ssimBetween(a: SsimImage, b: SsimImage, include: Uint8Array): number | null {
  const { width, height, factor } = a;
  if (b.width !== width || b.height !== height || include.length !== width * height)
    throw new Error('regionSsim: images and selection must have the same size');
  const selection = factor > 1 ? reduceSelection(include, width, height, factor) : include;
  const { width: w, height: h } = a.side;
  const local = meanOfProducts(a.side, b.side, productsScratch(w * h));
  let sum = 0;
  let count = 0;
  for (let y = countedFrom; y < countedTo(h); y++) {
    for (let x = countedFrom, i = y * w + x; x < countedTo(w); x++, i++) {
      if (selection[i] === 0) continue;
      sum += ssimAt(a.side, b.side, local, i);
      count++;
    }
  }
  return count === 0 ? null : sum / count;
}

/**
 * SSIM of two images of the same size over the pixels `include` marks (1 = compare), on luma,
 * reduced by {@link reductionFactor}; null when no pixel is compared.
 */
export function regionSsim(a: RawImage, b: RawImage, include: Uint8Array): number | null {
  return ssimBetween(SsimImage.of(a), SsimImage.of(b), include);
}

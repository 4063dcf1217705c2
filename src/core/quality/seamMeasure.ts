/**
 * The seam-artifact measure: how visible the join between the kept key region and the regenerated
 * background is, from the output alone (plus the source's key region as the reference inside), so
 * it applies to every engine. Two parts over the band of `widthPx` pixels on both sides of the
 * key region's contour (docs/quality.md has the definition with pictures):
 *
 * - **overshoot** (8-bit levels): how far band pixels go beyond the local intensity range of the
 *   two sides. The range at a pixel is [min, max] of (mean - 2 std, mean + 2 std) of the source's key
 *   region and of the output beyond the band, both within a window of radius 2 x widthPx. Averaged
 *   per ring of equal distance to the contour; the worst ring counts, so a thin bright ring is not
 *   diluted by a wide band. A halo or dark rim scores high; a transition that stays between the
 *   two sides' levels scores 0.
 * - **contour step excess** (8-bit levels): how much larger the step across the contour is in the
 *   output than in the source itself, from local means of the two rings on either side of the
 *   contour (radius widthPx windows): a colour mismatch at the mask's edge scores; a lesion edge
 *   that was already in the source does not.
 * - **gradient-energy ratio**: mean squared gradient in the band outside the key region (distance
 *   2..widthPx; pairs that touch the key region are left out, so the lesion's own edge does not
 *   count) over the same in the ring beyond it (widthPx..3 widthPx). Below 1: a blurred band; above
 *   1: an edge or ring the background does not have.
 *
 * score = overshoot + step excess + {@link GRADIENT_WEIGHT} x |log2(ratio)|: 0 for an invisible seam.
 */
import { growBox, nonZeroBox } from '../image/distanceTransform';
import type { BinaryMask, RawImage } from '../image/rawImage';
import { colourChannelCount } from './samples';
import {
  bandGeometry,
  cropGeometry,
  imagePixelOf,
  levels,
  type BandGeometry,
  type Levels,
} from './seamGeometry';
import { WindowStats } from './windowStats';

/** Levels of score per doubling (or halving) of the gradient energy in the band. */
export const GRADIENT_WEIGHT = 4;

/**
 * Half-width of each side's local range in standard deviations: 2 keeps a textured background's
 * own spread out of the measure (a Gaussian texture's mean excursion beyond 2 sigma is 0.017 sigma).
 */
const RANGE_STDS = 2;

/** Rings with fewer pixels than this are too small to average (a few pixels at a corner). */
const MIN_RING_PIXELS = 8;

/** The seam measure of one image; see the file comment. */
export interface SeamMeasure {
  /** overshoot + stepExcess + GRADIENT_WEIGHT x |log2(gradientRatio)|; lower is better, 0 = invisible. */
  score: number;
  /** Worst ring's mean overshoot beyond the two sides' local range, in 8-bit levels. */
  overshoot: number;
  /** Mean excess of the step across the contour over the source's own step, in 8-bit levels. */
  stepExcess: number;
  /** Gradient energy in the band / beyond it (1 = the background's own texture). */
  gradientRatio: number;
  /** Band half-width used, in pixels. */
  widthPx: number;
}

/** Default band half-width: 4% of the shorter side, at least 3 pixels. */
export function defaultSeamWidth(width: number, height: number): number {
  return Math.max(3, Math.round(0.04 * Math.min(width, height)));
}

/**
 * What the seam measure needs of the source and its key region, computed once per source and used
 * for every output made from it: the band geometry (two distance transforms), the source's local
 * ranges at every band pixel and its local means on both sides of the contour. Holds scratch
 * tables for the output's side, so one reference serves one {@link measureSeamAgainst} call at a
 * time (the call is synchronous).
 */
export interface SeamReference {
  width: number;
  height: number;
  channels: number;
  w: number;
  geometry: BandGeometry;
  overshoot: OvershootReference;
  step: StepReference;
}

/**
 * The seam reference of `source` around `keyMask`; null when there is no contour to measure (no
 * key pixel, or no pixel outside).
 */
export function seamReference(
  source: RawImage,
  keyMask: BinaryMask,
  widthPx = defaultSeamWidth(source.width, source.height),
): SeamReference | null {
  const { width, height } = source;
  if (keyMask.width !== width || keyMask.height !== height)
    throw new Error(
      `measureSeam: mask is ${keyMask.width}x${keyMask.height}, image ${width}x${height}`,
    );
  const w = Math.max(1, Math.round(widthPx));
  const keyBox = nonZeroBox(keyMask.data, width, height, 0);
  if (keyBox === undefined) return null;
  const box = growBox(keyBox, 3 * w + 1, width, height);
  const geometry = bandGeometry(keyMask, box, w);
  if (geometry === null) return null;
  const src = levels(source);
  const channels = colourChannelCount(source);
  // The step's windows (radius w around contour pixels, which touch the key region) stay within
  // w + 1 of the key region's bounding box: its tables need no more than that.
  const stepBox = growBox(keyBox, w + 1, width, height);
  return {
    width,
    height,
    channels: source.channels,
    w,
    geometry,
    overshoot: overshootReference(src, source.channels, channels, geometry, w),
    step: stepReference(src, source.channels, channels, cropGeometry(geometry, stepBox), w),
  };
}

/** Measures the seam of `output` (the source's size and format) against a source's reference. */
export function measureSeamAgainst(output: RawImage, reference: SeamReference): SeamMeasure {
  const { width, height, channels: stride, w, geometry } = reference;
  if (output.width !== width || output.height !== height || output.channels !== stride)
    throw new Error(
      `measureSeam: output is ${output.width}x${output.height}x${output.channels}, source ${width}x${height}x${stride}`,
    );
  const out = levels(output);
  const channels = colourChannelCount(output);
  const overshoot = worstRingOvershoot(out, stride, channels, reference.overshoot, w);
  const stepExcess = contourStepExcess(out, stride, channels, reference.step);
  const gradientRatio = bandGradientRatio(out, stride, channels, geometry, w);
  const score = overshoot + stepExcess + GRADIENT_WEIGHT * Math.abs(Math.log2(gradientRatio));
  return { score, overshoot, stepExcess, gradientRatio, widthPx: w };
}

/**
 * Measures the seam of `output` around `keyMask`. `source` provides the inside reference (its key
 * region). Returns null when there is no contour to measure (no key pixel, or no pixel outside).
 */
export function measureSeam(
  output: RawImage,
  source: RawImage,
  keyMask: BinaryMask,
  widthPx = defaultSeamWidth(output.width, output.height),
): SeamMeasure | null {
  const reference = seamReference(source, keyMask, widthPx);
  return reference === null ? null : measureSeamAgainst(output, reference);
}

/** The source's side of the overshoot: its local range at every band pixel, per channel. */
interface OvershootReference {
  geometry: BandGeometry;
  /** Per band pixel (|ring| <= w, in box order): its ring and its first sample's image index. */
  bandRing: Int16Array;
  bandSample: Int32Array;
  /** Per channel, per band pixel: the source's mean -/+ RANGE_STDS std; NaN: too few pixels. */
  inLow: Float64Array;
  inHigh: Float64Array;
  /** Windows at the band pixels over the output beyond the band (w < ring <= 3w), loaded per output. */
  outStats: WindowStats;
}

/** Box indices, ascending, of the pixels whose ring lies in [from, to]. */
function boxIndicesWithRing(ring: Int16Array, from: number, to: number): Int32Array {
  let count = 0;
  for (let b = 0; b < ring.length; b++) if (ring[b] >= from && ring[b] <= to) count++;
  const indices = new Int32Array(count);
  for (let b = 0, k = 0; b < ring.length; b++)
    if (ring[b] >= from && ring[b] <= to) indices[k++] = b;
  return indices;
}

function overshootReference(
  src: Levels,
  stride: number,
  channels: number,
  g: BandGeometry,
  w: number,
): OvershootReference {
  const { bw, bh, ring, inside } = g;
  const radius = 2 * w;
  const insideRef = new Uint8Array(bw * bh);
  const outsideRef = new Uint8Array(bw * bh);
  for (let b = 0; b < ring.length; b++) {
    if (inside[b] !== 0) insideRef[b] = 1;
    else if (ring[b] > w && ring[b] <= 3 * w) outsideRef[b] = 1;
  }
  const band = boxIndicesWithRing(ring, -w, w);
  const inLow = new Float64Array(channels * band.length).fill(NaN);
  const inHigh = new Float64Array(channels * band.length).fill(NaN);
  const inStats = new WindowStats(g, insideRef, band, radius);
  const { means, stds } = inStats;
  for (let c = 0; c < channels; c++) {
    inStats.load(src, stride, c);
    for (let j = 0, k = c * band.length; j < band.length; j++, k++) {
      if (Number.isNaN(means[j])) continue;
      inLow[k] = means[j] - RANGE_STDS * stds[j];
      inHigh[k] = means[j] + RANGE_STDS * stds[j];
    }
  }
  // Plain loops: a typed array's from() with a mapping function costs several times as much here.
  const bandRing = new Int16Array(band.length);
  const bandSample = new Int32Array(band.length);
  for (let j = 0; j < band.length; j++) {
    bandRing[j] = ring[band[j]];
    bandSample[j] = imagePixelOf(g, band[j]) * stride;
  }
  return {
    geometry: g,
    bandRing,
    bandSample,
    inLow,
    inHigh,
    outStats: new WindowStats(g, outsideRef, band, radius),
  };
}

function worstRingOvershoot(
  out: Levels,
  stride: number,
  channels: number,
  ref: OvershootReference,
  w: number,
): number {
  const { bandRing, bandSample, inLow, inHigh, outStats } = ref;
  const { data, scale } = out;
  const exact = scale === 1;
  const sums = new Float64Array(2 * w + 1);
  const counts = new Uint32Array(2 * w + 1);
  const n = bandRing.length;
  const { means, stds } = outStats;
  for (let c = 0; c < channels; c++) {
    outStats.load(out, stride, c);
    for (let j = 0, k = c * n; j < n; j++, k++) {
      const low = inLow[k];
      const hasIn = !Number.isNaN(low);
      const hasOut = !Number.isNaN(means[j]);
      if (!hasIn && !hasOut) continue;
      const lo = Math.min(
        hasIn ? low : Infinity,
        hasOut ? means[j] - RANGE_STDS * stds[j] : Infinity,
      );
      const hi = Math.max(
        hasIn ? inHigh[k] : -Infinity,
        hasOut ? means[j] + RANGE_STDS * stds[j] : -Infinity,
      );
      // The sample in 8-bit levels as a float32, as the window tables hold it.
      const i = bandSample[j] + c;
      const v = exact ? data[i] : Math.fround(data[i] * scale);
      const beyond = v > hi ? v - hi : v < lo ? lo - v : 0;
      const r = bandRing[j] + w;
      sums[r] += beyond / channels;
      if (c === 0) counts[r]++;
    }
  }
  let worst = 0;
  for (let k = 0; k < sums.length; k++) {
    if (counts[k] < MIN_RING_PIXELS) continue;
    worst = Math.max(worst, sums[k] / counts[k]);
  }
  return worst;
}

/** The source's side of the contour step: its local means on both sides at every contour pixel. */
interface StepReference {
  /** Contour pixels (ring 1). */
  contourCount: number;
  /** Mean-only windows at the contour pixels over the inner (-1, -2) and outer (1, 2) rings. */
  sides: readonly [WindowStats, WindowStats];
  /** Per channel: the source's inside and outside means at each contour pixel (NaN: too few). */
  sourceMeans: Array<[Float64Array, Float64Array]>;
}

function stepReference(
  src: Levels,
  stride: number,
  channels: number,
  g: BandGeometry,
  w: number,
): StepReference {
  const { bw, bh, ring } = g;
  const innerRing = new Uint8Array(bw * bh);
  const outerRing = new Uint8Array(bw * bh);
  for (let b = 0; b < ring.length; b++) {
    if (ring[b] === -1 || ring[b] === -2) innerRing[b] = 1;
    else if (ring[b] === 1 || ring[b] === 2) outerRing[b] = 1;
  }
  const contour = boxIndicesWithRing(ring, 1, 1);
  const partial: Omit<StepReference, 'sourceMeans'> = {
    contourCount: contour.length,
    // Only local means are compared here: tables without squares.
    sides: [
      new WindowStats(g, innerRing, contour, w, false),
      new WindowStats(g, outerRing, contour, w, false),
    ],
  };
  const sourceMeans = Array.from({ length: channels }, (_, c) =>
    sideMeans(partial, src, stride, c),
  );
  return { ...partial, sourceMeans };
}

/** Local means of one image's channel on both sides, at every contour pixel (NaN: too few). */
function sideMeans(
  ref: Omit<StepReference, 'sourceMeans'>,
  samples: Levels,
  stride: number,
  c: number,
): [Float64Array, Float64Array] {
  const meansAt = (stats: WindowStats): Float64Array => {
    stats.load(samples, stride, c);
    return stats.means.slice();
  };
  return [meansAt(ref.sides[0]), meansAt(ref.sides[1])];
}

function contourStepExcess(
  out: Levels,
  stride: number,
  channels: number,
  ref: StepReference,
): number {
  let sum = 0;
  let count = 0;
  for (let c = 0; c < channels; c++) {
    const [outIn, outOut] = sideMeans(ref, out, stride, c);
    const [srcIn, srcOut] = ref.sourceMeans[c] ?? [new Float64Array(0), new Float64Array(0)];
    for (let k = 0; k < ref.contourCount; k++) {
      if (Number.isNaN(outIn[k]) || Number.isNaN(outOut[k])) continue;
      const own = Math.abs(srcIn[k] - srcOut[k]);
      sum += Math.max(0, Math.abs(outIn[k] - outOut[k]) - own);
      count++;
    }
  }
  return count === 0 ? 0 : sum / count;
}

function bandGradientRatio(
  levels8: Levels,
  stride: number,
  channels: number,
  g: BandGeometry,
  w: number,
): number {
  const { box, bw, bh, imageWidth, ring, inside } = g;
  const { data: out, scale } = levels8;
  let bandSum = 0;
  let bandCount = 0;
  let refSum = 0;
  let refCount = 0;
  for (let y = 0, b = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++, b++) {
      const r = ring[b];
      if (inside[b] !== 0 || r < 2 || r > 3 * w) continue;
      const i = ((y + box.y0) * imageWidth + x + box.x0) * stride;
      let energy = 0;
      let pairs = 0;
      // Forward differences to the right and down, only between two background pixels.
      if (x + 1 < bw && inside[b + 1] === 0) {
        for (let c = 0; c < channels; c++) energy += (out[i + stride + c] - out[i + c]) ** 2;
        pairs++;
      }
      if (y + 1 < bh && inside[b + bw] === 0) {
        const j = i + imageWidth * stride;
        for (let c = 0; c < channels; c++) energy += (out[j + c] - out[i + c]) ** 2;
        pairs++;
      }
      if (pairs === 0) continue;
      if (r <= w) {
        bandSum += energy / pairs;
        bandCount++;
      } else {
        refSum += energy / pairs;
        refCount++;
      }
    }
  }
  if (bandCount === 0 || refCount === 0) return 1;
  bandSum *= scale * scale;
  refSum *= scale * scale;
  // A floor of a quarter level squared per channel keeps flat synthetic backgrounds finite.
  const floor = 0.25 * channels;
  return Math.max(bandSum / bandCount, floor) / Math.max(refSum / refCount, floor);
}

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
import { distanceToSites, nonZeroBox, type PixelBox } from '../image/distanceTransform';
import type { BinaryMask, RawImage } from '../image/rawImage';
import { colourChannelCount } from './samples';
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
 * Measures the seam of `output` around `keyMask`. `source` provides the inside reference (its key
 * region). Returns null when there is no contour to measure (no key pixel, or no pixel outside).
 */
export function measureSeam(
  output: RawImage,
  source: RawImage,
  keyMask: BinaryMask,
  widthPx = defaultSeamWidth(output.width, output.height),
): SeamMeasure | null {
  const { width, height } = output;
  if (keyMask.width !== width || keyMask.height !== height)
    throw new Error(
      `measureSeam: mask is ${keyMask.width}x${keyMask.height}, image ${width}x${height}`,
    );
  const w = Math.max(1, Math.round(widthPx));
  const box = nonZeroBox(keyMask.data, width, height, 3 * w + 1);
  if (box === undefined) return null;
  const geometry = bandGeometry(keyMask, box, w);
  if (geometry === null) return null;
  const out = levels(output);
  const src = levels(source);
  const channels = colourChannelCount(output);
  const overshoot = worstRingOvershoot(out, src, output.channels, channels, geometry, w);
  // The step's windows (radius w around contour pixels, which touch the key region) stay within
  // w + 1 of the key region's bounding box: its tables need no more than that.
  const stepBox = nonZeroBox(keyMask.data, width, height, w + 1) ?? box;
  const stepGeometry = cropGeometry(geometry, stepBox);
  const stepExcess = contourStepExcess(out, src, output.channels, channels, stepGeometry, w);
  const gradientRatio = bandGradientRatio(out, output.channels, channels, geometry, w);
  const score = overshoot + stepExcess + GRADIENT_WEIGHT * Math.abs(Math.log2(gradientRatio));
  return { score, overshoot, stepExcess, gradientRatio, widthPx: w };
}

/** An image's samples and the factor that brings them to 8-bit levels (no copy of the image). */
interface Levels {
  data: Uint8Array | Uint16Array;
  scale: number;
}

const levels = (image: RawImage): Levels => ({
  data: image.data,
  scale: image.bitDepth === 16 ? 1 / 257 : 1,
});

/** Signed ring index per box pixel: -k inside (k = ceil of the distance to outside), +k outside. */
interface BandGeometry {
  box: PixelBox;
  bw: number;
  bh: number;
  imageWidth: number;
  /** Signed ring per box pixel (0 never occurs: rings start at +-1). */
  ring: Int16Array;
  /** 1 where a box pixel is in the key region. */
  inside: Uint8Array;
}

function bandGeometry(keyMask: BinaryMask, box: PixelBox, w: number): BandGeometry | null {
  const { width } = keyMask;
  const bw = box.x1 - box.x0 + 1;
  const bh = box.y1 - box.y0 + 1;
  const inside = new Uint8Array(bw * bh);
  const outsideSites = new Uint8Array(bw * bh);
  let outsideCount = 0;
  for (let y = 0, b = 0; y < bh; y++) {
    for (let x = 0, p = (y + box.y0) * width + box.x0; x < bw; x++, b++, p++) {
      if (keyMask.data[p] !== 0) inside[b] = 1;
      else {
        outsideSites[b] = 1;
        outsideCount++;
      }
    }
  }
  if (outsideCount === 0) return null;
  // The box reaches 3w + 1 beyond the key region, so distances up to 3w are exact in it.
  const toKey = distanceToSites(inside, bw, bh, { nearest: false });
  const toOutside = distanceToSites(outsideSites, bw, bh, { nearest: false });
  const ring = new Int16Array(bw * bh);
  const limit = 3 * w;
  for (let b = 0; b < ring.length; b++) {
    if (inside[b] !== 0) {
      const d = Math.sqrt(toOutside.squared[b]);
      ring[b] = d === Infinity ? -32767 : -Math.min(32767, Math.ceil(d));
    } else ring[b] = Math.min(limit + 1, Math.ceil(Math.sqrt(toKey.squared[b])));
  }
  return { box, bw, bh, imageWidth: width, ring, inside };
}

/** The part of a band geometry inside `area` (image coordinates, within the geometry's box). */
function cropGeometry(g: BandGeometry, area: PixelBox): BandGeometry {
  const { box, bw: fromWidth } = g;
  const bw = area.x1 - area.x0 + 1;
  const bh = area.y1 - area.y0 + 1;
  const ring = new Int16Array(bw * bh);
  const inside = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    const from = (y + area.y0 - box.y0) * fromWidth + area.x0 - box.x0;
    ring.set(g.ring.subarray(from, from + bw), y * bw);
    inside.set(g.inside.subarray(from, from + bw), y * bw);
  }
  return { box: area, bw, bh, imageWidth: g.imageWidth, ring, inside };
}

function worstRingOvershoot(
  out: Levels,
  src: Levels,
  stride: number,
  channels: number,
  g: BandGeometry,
  w: number,
): number {
  const { bw, bh, ring, inside } = g;
  const radius = 2 * w;
  const sums = new Float64Array(2 * w + 1);
  const counts = new Uint32Array(2 * w + 1);
  const insideRef = new Uint8Array(bw * bh);
  const outsideRef = new Uint8Array(bw * bh);
  for (let b = 0; b < ring.length; b++) {
    if (inside[b] !== 0) insideRef[b] = 1;
    else if (ring[b] > w && ring[b] <= 3 * w) outsideRef[b] = 1;
  }
  const inStats = new WindowStats(bw, bh, insideRef);
  const outStats = new WindowStats(bw, bh, outsideRef);
  const inPlane = new Float32Array(bw * bh);
  const outPlane = new Float32Array(bw * bh);
  // The band's pixels, found once rather than per channel.
  const band: number[] = [];
  for (let b = 0; b < ring.length; b++) if (ring[b] >= -w && ring[b] <= w) band.push(b);
  for (let c = 0; c < channels; c++) {
    boxPlane(src, stride, c, g, inPlane);
    boxPlane(out, stride, c, g, outPlane);
    inStats.load(inPlane);
    outStats.load(outPlane);
    for (const b of band) {
      const x = b % bw;
      const y = (b - x) / bw;
      const r = ring[b];
      const hasIn = inStats.query(x, y, radius);
      const hasOut = outStats.query(x, y, radius);
      if (!hasIn && !hasOut) continue;
      const lo = Math.min(
        hasIn ? inStats.mean - RANGE_STDS * inStats.std : Infinity,
        hasOut ? outStats.mean - RANGE_STDS * outStats.std : Infinity,
      );
      const hi = Math.max(
        hasIn ? inStats.mean + RANGE_STDS * inStats.std : -Infinity,
        hasOut ? outStats.mean + RANGE_STDS * outStats.std : -Infinity,
      );
      const v = outPlane[b];
      const beyond = v > hi ? v - hi : v < lo ? lo - v : 0;
      sums[r + w] += beyond / channels;
      if (c === 0) counts[r + w]++;
    }
  }
  let worst = 0;
  for (let k = 0; k < sums.length; k++) {
    if (counts[k] < MIN_RING_PIXELS) continue;
    worst = Math.max(worst, sums[k] / counts[k]);
  }
  return worst;
}

/** Copies channel `c` of the box out of interleaved samples, in 8-bit levels. */
function boxPlane(
  samples: Levels,
  stride: number,
  c: number,
  g: BandGeometry,
  plane: Float32Array,
): void {
  const { box, bw, bh, imageWidth } = g;
  const { data, scale } = samples;
  for (let y = 0, b = 0; y < bh; y++) {
    let i = ((y + box.y0) * imageWidth + box.x0) * stride + c;
    for (let x = 0; x < bw; x++, b++, i += stride) plane[b] = data[i] * scale;
  }
}

function contourStepExcess(
  out: Levels,
  src: Levels,
  stride: number,
  channels: number,
  g: BandGeometry,
  w: number,
): number {
  const { bw, bh, ring } = g;
  const innerRing = new Uint8Array(bw * bh);
  const outerRing = new Uint8Array(bw * bh);
  for (let b = 0; b < ring.length; b++) {
    if (ring[b] === -1 || ring[b] === -2) innerRing[b] = 1;
    else if (ring[b] === 1 || ring[b] === 2) outerRing[b] = 1;
  }
  // Only local means are compared here: tables without squares.
  const stats = [
    new WindowStats(bw, bh, innerRing, false),
    new WindowStats(bw, bh, outerRing, false),
  ] as const;
  const contour: number[] = [];
  for (let b = 0; b < ring.length; b++) if (ring[b] === 1) contour.push(b);
  const plane = new Float32Array(bw * bh);
  // Local means of one image's channel on both sides, at every contour pixel (NaN: too few).
  const sideMeans = (samples: Levels, c: number): [Float64Array, Float64Array] => {
    boxPlane(samples, stride, c, g, plane);
    const sides = stats.map((s) => {
      s.load(plane);
      return Float64Array.from(contour, (b) =>
        s.query(b % bw, Math.floor(b / bw), w) ? s.mean : NaN,
      );
    });
    return [sides[0], sides[1]];
  };
  let sum = 0;
  let count = 0;
  for (let c = 0; c < channels; c++) {
    const [outIn, outOut] = sideMeans(out, c);
    const [srcIn, srcOut] = sideMeans(src, c);
    for (let k = 0; k < contour.length; k++) {
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

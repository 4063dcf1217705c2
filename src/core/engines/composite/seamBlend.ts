/**
 * What happens at the seam between the source's key region and the target background. Both
 * operations only ever change pixels outside the key region's core (where keyAlpha < 1), which
 * is what lets the final paste-back keep the core bit-identical to the source.
 */
import { distanceToSites } from '../../image/distanceTransform';
import type { AlphaMask, BinaryMask } from '../../image/rawImage';
import { solveLaplace } from './laplaceSolver';

/** Pixels of a seam band around the key region, with its bounding box. */
interface Band {
  unknown: Uint8Array;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Gradient-domain (Poisson) blending restricted to a band at the seam. In the band the result
 * keeps the target's gradients (its texture) while its values are pulled to the source at the
 * key region's core: result = target + h, with h harmonic in the band, h = source - target on
 * the core and h = 0 beyond `bandPx` outside the key region (a membrane, as in Farbman et al.,
 * "Coordinates for Instant Image Cloning", 2009). The solve runs on the band's bounding box only.
 *
 * Returns new planes: target + h in the band, the source on the core, the target elsewhere.
 */
export function poissonSeam(
  source: Float32Array[],
  target: Float32Array[],
  keyMask: BinaryMask,
  keyAlpha: AlphaMask,
  bandPx: number,
): Float32Array[] {
  const { width } = keyMask;
  const band = seamBand(keyMask, keyAlpha, bandPx);
  const out = target.map((plane) => plane.slice());
  if (band === undefined) return out;
  const bw = band.x1 - band.x0 + 1;
  const bh = band.y1 - band.y0 + 1;
  const unknown = new Uint8Array(bw * bh);
  const corrections = source.map(() => new Float32Array(bw * bh));
  let anyCore = false;
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      const p = (y + band.y0) * width + (x + band.x0);
      const b = y * bw + x;
      unknown[b] = band.unknown[p];
      if (keyAlpha.data[p] >= 1) {
        anyCore = true;
        for (let c = 0; c < source.length; c++) corrections[c][b] = source[c][p] - target[c][p];
      }
    }
  }
  if (!anyCore) return out;
  solveLaplace({ width: bw, height: bh, unknown, values: corrections }, { tolerance: 1e-3 });
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      const p = (y + band.y0) * width + (x + band.x0);
      const b = y * bw + x;
      if (unknown[b] === 0 && keyAlpha.data[p] < 1) continue;
      for (let c = 0; c < out.length; c++) out[c][p] = target[c][p] + corrections[c][b];
    }
  }
  return out;
}

/**
 * Unknown pixels of the seam: the feather band inside the key region (0 < alpha < 1) and the
 * outside pixels within bandPx of it. The bounding box is grown by one pixel so every unknown's
 * neighbours lie inside it (the solver then needs no special case at the box edge).
 */
function seamBand(keyMask: BinaryMask, keyAlpha: AlphaMask, bandPx: number): Band | undefined {
  const { width, height } = keyMask;
  const field = distanceToSites(keyMask.data, width, height);
  const limit = bandPx * bandPx;
  const unknown = new Uint8Array(width * height);
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const inside = keyMask.data[p] !== 0;
      if (inside ? keyAlpha.data[p] >= 1 : field.squared[p] > limit) continue;
      unknown[p] = 1;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (x1 < 0) return undefined;
  return {
    unknown,
    x0: Math.max(0, x0 - 1),
    y0: Math.max(0, y0 - 1),
    x1: Math.min(width - 1, x1 + 1),
    y1: Math.min(height - 1, y1 + 1),
  };
}

/**
 * Colour harmonisation at the seam: the per-channel mean difference between the target's ring
 * just outside the key region and the source's ring just inside it, times `strength`. Adding
 * alpha x shift to the generated image in the feather band makes the blended seam
 * (alpha x source + (1 - alpha) x generated) move part way toward the target's colour while the
 * core (alpha = 1) is untouched.
 */
export function harmonizeSeam(
  generated: Float32Array[],
  source: Float32Array[],
  target: Float32Array[],
  keyMask: BinaryMask,
  keyAlpha: AlphaMask,
  ringPx: number,
  strength = 0.5,
): void {
  const { width, height } = keyMask;
  const outsideField = distanceToSites(keyMask.data, width, height);
  const outside = keyMask.data.map((v) => (v === 0 ? 1 : 0));
  const insideField = distanceToSites(outside, width, height);
  const limit = ringPx * ringPx;
  const sourceSum = new Float64Array(source.length);
  const targetSum = new Float64Array(target.length);
  let sourceCount = 0;
  let targetCount = 0;
  for (let p = 0; p < keyMask.data.length; p++) {
    if (keyMask.data[p] !== 0) {
      if (insideField.squared[p] > limit) continue;
      for (let c = 0; c < source.length; c++) sourceSum[c] += source[c][p];
      sourceCount++;
    } else {
      if (outsideField.squared[p] > limit) continue;
      for (let c = 0; c < target.length; c++) targetSum[c] += target[c][p];
      targetCount++;
    }
  }
  if (sourceCount === 0 || targetCount === 0) return;
  for (let c = 0; c < generated.length; c++) {
    const shift = strength * (targetSum[c] / targetCount - sourceSum[c] / sourceCount);
    const plane = generated[c];
    for (let p = 0; p < plane.length; p++) {
      const a = keyAlpha.data[p];
      if (a > 0 && a < 1) plane[p] += a * shift;
    }
  }
}

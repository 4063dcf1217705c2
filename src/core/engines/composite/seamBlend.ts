/**
 * What happens at the seam between the source's key region and the target background. Neither
 * operation needs to preserve the key region itself: the engine's final paste-back restores
 * every pixel where keyAlpha is 1 from the source, bit for bit.
 */
import { distanceToSites, distanceToSitesInBox, nonZeroBox } from '../../image/distanceTransform';
import type { AlphaMask, BinaryMask, RawImage } from '../../image/rawImage';
import { solveLaplace } from './laplaceSolver';

/** Roles of the pixels in the solve box around the key region. */
const FREE = 0; // h = 0: plain target
const UNKNOWN = 1; // h solved for
const ANCHORED = 2; // h = source - target: the source itself

/**
 * Gradient-domain (Poisson) blending in a band around the key region. The source's key region
 * and its own pixels just outside it (`ringPx`, so the lesion keeps its natural edge) are
 * anchored; beyond `bandPx` the target is untouched; in between the result keeps the target's
 * gradients (its texture) while its level moves smoothly from the source's to the target's:
 * result = target + h, h harmonic in the band, h = source - target on the anchored pixels, 0
 * beyond the band (the membrane of Farbman et al., "Coordinates for Instant Image Cloning",
 * 2009, which equals the Poisson solution with the target's gradients as guidance).
 * The solve runs on the band's bounding box only.
 *
 * Returns a new image: the source on anchored pixels, target + h in the band, the target elsewhere.
 */
export function poissonSeam(
  source: RawImage,
  target: RawImage,
  keyMask: BinaryMask,
  bandPx: number,
  ringPx = 2,
  tolerance = 1e-3,
): RawImage {
  const { width, height, channels } = target;
  const max = target.bitDepth === 16 ? 65535 : 255;
  const data = target.data.slice();
  const out: RawImage = { ...target, data };
  // Every band pixel lies within bandPx of the key region's bounding box; +1 holds their neighbours.
  const box = nonZeroBox(keyMask.data, width, height, bandPx + 1);
  if (box === undefined) return out;
  const { field } = distanceToSitesInBox(keyMask.data, width, box);
  const bw = box.x1 - box.x0 + 1;
  const bh = box.y1 - box.y0 + 1;
  const role = new Uint8Array(bw * bh);
  const unknown = new Uint8Array(bw * bh);
  const corrections = Array.from({ length: channels }, () => new Float32Array(bw * bh));
  const band2 = bandPx * bandPx;
  const ring2 = ringPx * ringPx;
  for (let y = 0, b = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++, b++) {
      const d2 = field.squared[b];
      if (d2 > band2) continue;
      if (d2 > ring2) {
        role[b] = UNKNOWN;
        unknown[b] = 1;
        continue;
      }
      role[b] = ANCHORED;
      const i = ((y + box.y0) * width + x + box.x0) * channels;
      for (let c = 0; c < channels; c++)
        corrections[c][b] = source.data[i + c] - target.data[i + c];
    }
  }
  // Start CG from a linear ramp along the normal (the nearest key pixel's correction fading to
  // 0 at bandPx): for a band much narrower than the contour's curvature radius this is nearly
  // the harmonic solution. Measured: as few iterations as the coarse-to-fine cascade needs
  // here, without the cost of the coarse levels, so the cascade is switched off.
  for (let b = 0; b < bw * bh; b++) {
    if (role[b] !== UNKNOWN) continue;
    const nearest = field.nearest[b];
    const fade = (bandPx - Math.sqrt(field.squared[b])) / (bandPx - ringPx);
    for (let c = 0; c < channels; c++) corrections[c][b] = corrections[c][nearest] * fade;
  }
  solveLaplace(
    { width: bw, height: bh, unknown, values: corrections },
    { tolerance, coarsestUnknowns: Infinity },
  );
  for (let y = 0, b = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++, b++) {
      if (role[b] === FREE) continue;
      const i = ((y + box.y0) * width + x + box.x0) * channels;
      for (let c = 0; c < channels; c++) {
        if (role[b] === ANCHORED) {
          data[i + c] = source.data[i + c];
          continue;
        }
        const v = Math.round(target.data[i + c] + corrections[c][b]);
        data[i + c] = v < 0 ? 0 : v > max ? max : v;
      }
    }
  }
  return out;
}

/**
 * Colour harmonisation at the seam: the per-channel mean difference between the target's ring
 * just outside the key region and the source's ring just inside it, times `strength`. Adding
 * alpha x shift to the generated image in the feather band makes the blended seam
 * (alpha x source + (1 - alpha) x generated) move part way toward the target's colour while the
 * core (alpha = 1) is untouched.
 */
export function harmonizeSeam(
  generated: RawImage,
  source: RawImage,
  target: RawImage,
  keyMask: BinaryMask,
  keyAlpha: AlphaMask,
  ringPx: number,
  strength = 0.5,
): void {
  const { width, height, channels } = source;
  const max = generated.bitDepth === 16 ? 65535 : 255;
  const outsideField = distanceToSites(keyMask.data, width, height, { nearest: false });
  const outside = keyMask.data.map((v) => (v === 0 ? 1 : 0));
  const insideField = distanceToSites(outside, width, height, { nearest: false });
  const limit = ringPx * ringPx;
  const sourceSum = new Float64Array(channels);
  const targetSum = new Float64Array(channels);
  let sourceCount = 0;
  let targetCount = 0;
  for (let p = 0; p < keyMask.data.length; p++) {
    const inside = keyMask.data[p] !== 0;
    if ((inside ? insideField : outsideField).squared[p] > limit) continue;
    const sums = inside ? sourceSum : targetSum;
    const image = inside ? source : target;
    for (let c = 0; c < channels; c++) sums[c] += image.data[p * channels + c];
    if (inside) sourceCount++;
    else targetCount++;
  }
  if (sourceCount === 0 || targetCount === 0) return;
  const shift = Array.from(
    sourceSum,
    (sum, c) => strength * (targetSum[c] / targetCount - sum / sourceCount),
  );
  const data = generated.data;
  for (let p = 0; p < keyAlpha.data.length; p++) {
    const a = keyAlpha.data[p];
    if (!(a > 0 && a < 1)) continue;
    for (let c = 0; c < channels; c++) {
      const v = Math.round(data[p * channels + c] + a * shift[c]);
      data[p * channels + c] = v < 0 ? 0 : v > max ? max : v;
    }
  }
}

/**
 * The default seam of the composite engine ('ramp'): outside the key region the target keeps its
 * own texture while its level (per channel) ramps smoothly from the source's surroundings at the
 * contour to its own at `bandPx`:
 *
 *   generated(p) = target(p) + w(d(p)) * D(q(p))
 *
 * where d is the distance to the key region, q the nearest key pixel, w a smoothstep from 1 at
 * the contour to 0 at bandPx (no kink at either end), and D the level correction at q from the
 * local means of the rings on both sides of the contour (RingTables.contourLevels): the source's
 * own step across the contour is reproduced where that keeps the level between the kept pixels'
 * and the target's, and never pushed beyond them. A loose mask (the kept pixels continue the
 * source's background) so gets a seamless join; a tight one (a lesion edge) sits on the target's
 * skin without a halo of the source's skin colour.
 *
 * The feather band of the paste-back (outside the key region) blends in the source's own pixels;
 * they are clamped into the same local range first (`pasteSource`), for the same reason.
 * Because only local means are used, no source pixel outside the feather band (a ruler tick
 * beside the lesion) is copied into the background. The cost is two distance transforms and a
 * few box sums over the band's bounding box; no iterative solve (bench/results/seams.md).
 */
import { distanceToSites, nonZeroBox } from '../../image/distanceTransform';
import type { AlphaMask, BinaryMask, RawImage } from '../../image/rawImage';
import { INNER, OUTER, RingTables } from './ringTables';

/** What {@link rampSeam} returns: the image to paste onto and the source to paste from. */
export interface RampSeamResult {
  generated: RawImage;
  /** The source with its feather-band pixels outside the key region clamped (key region untouched). */
  pasteSource: RawImage;
}

/** Level-matches the target around the key region and clamps the source's feather band (see above). */
export function rampSeam(
  source: RawImage,
  target: RawImage,
  keyMask: BinaryMask,
  keyAlpha: AlphaMask,
  bandPx: number,
  ringPx = 2,
): RampSeamResult {
  const { width, height, channels } = target;
  const max = target.bitDepth === 16 ? 65535 : 255;
  const data = target.data.slice();
  const pasteData = source.data.slice();
  const result = { generated: { ...target, data }, pasteSource: { ...source, data: pasteData } };
  const band = Math.max(1, bandPx);
  const reach = Math.max(2 * ringPx, Math.ceil(band / 4));
  // Band pixels lie within `band` of the key region; the ring means reach `band` further.
  const box = nonZeroBox(keyMask.data, width, height, 2 * band + 1);
  if (box === undefined) return result;
  const bw = box.x1 - box.x0 + 1;
  const bh = box.y1 - box.y0 + 1;
  // Both transforms run on the box's crop only (the inversion too): the work grows with the
  // key region's box, not the image.
  const crop = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    const row = (y + box.y0) * width + box.x0;
    crop.set(keyMask.data.subarray(row, row + bw), y * bw);
  }
  const outward = distanceToSites(crop, bw, bh);
  const inward = distanceToSites(
    crop.map((v) => (v === 0 ? 1 : 0)),
    bw,
    bh,
    { nearest: false },
  );
  const ring2 = ringPx * ringPx;
  const side = new Uint8Array(bw * bh);
  for (let b = 0; b < side.length; b++) {
    if (outward.squared[b] === 0) side[b] = inward.squared[b] <= ring2 ? INNER : 0;
    else side[b] = outward.squared[b] <= ring2 ? OUTER : 0;
  }
  // Ring pixels lie within ringPx of the key region: the tables need only its box grown by that.
  const ringArea = nonZeroBox(keyMask.data, width, height, ringPx + 1) ?? box;
  const tables = RingTables.build(source.data, target.data, width, channels, box, side, ringArea);
  const level = new Float64Array(channels);
  const lo = new Float64Array(channels);
  const hi = new Float64Array(channels);
  for (let y = 0, b = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++, b++) {
      const d2 = outward.squared[b];
      if (d2 === 0 || d2 >= band * band) continue;
      const q = outward.nearest[b];
      const qx = q % bw;
      const qy = (q - qx) / bw;
      const [x0, y0, x1, y1] = [qx - reach, qy - reach, qx + reach + 1, qy + reach + 1];
      if (!tables.contourLevels(x0, y0, x1, y1, level)) continue;
      const t = Math.sqrt(d2) / band;
      const weight = 1 - t * t * (3 - 2 * t);
      const p = (y + box.y0) * width + x + box.x0;
      const i = p * channels;
      for (let c = 0; c < channels; c++) {
        const v = Math.round(target.data[i + c] + weight * level[c]);
        data[i + c] = v < 0 ? 0 : v > max ? max : v;
      }
      if (!(keyAlpha.data[p] > 0) || !tables.sideRange(x0, y0, x1, y1, lo, hi)) continue;
      for (let c = 0; c < channels; c++) {
        const v = Math.round(Math.min(hi[c], Math.max(lo[c], source.data[i + c])));
        pasteData[i + c] = v;
      }
    }
  }
  return result;
}

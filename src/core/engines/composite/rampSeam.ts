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
 * beside the lesion) is copied into the background. The cost is one distance transform and a
 * few box sums over the band's bounding box; no iterative solve (bench/results/seams.md).
 */
import { distanceToSites, growBox, nonZeroBox } from '../../image/distanceTransform';
import { alphaBounds, type AlphaMask, type BinaryMask, type RawImage } from '../../image/rawImage';
import { INNER, OUTER, RingTables } from './ringTables';

/** What {@link rampSeam} returns: the image to paste onto and the source to paste from. */
export interface RampSeamResult {
  generated: RawImage;
  /**
   * The source with its feather-band pixels outside the key region clamped (key region
   * untouched). Only the rows where the key alpha may be non-zero are filled (the paste-back
   * reads nothing else); the rest is zero.
   */
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
  const pasteData = rowsWhereAlpha(source, keyAlpha);
  const result = { generated: { ...target, data }, pasteSource: { ...source, data: pasteData } };
  const band = Math.max(1, bandPx);
  const reach = Math.max(2 * ringPx, Math.ceil(band / 4));
  const keyBox = nonZeroBox(keyMask.data, width, height, 0);
  if (keyBox === undefined) return result;
  // Band pixels lie within `band` of the key region and ring pixels within ringPx; every key pixel
  // lies in the box, so the distance transform on its crop is exact there. The ring-mean windows
  // are clipped to the ring tables' area, which the box holds.
  const box = growBox(keyBox, Math.max(band, ringPx + 1) + 1, width, height);
  const bw = box.x1 - box.x0 + 1;
  const bh = box.y1 - box.y0 + 1;
  // The transform runs on the box's crop only: the work grows with the key region's box, not
  // the image.
  const crop = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    const row = (y + box.y0) * width + box.x0;
    crop.set(keyMask.data.subarray(row, row + bw), y * bw);
  }
  const outward = distanceToSites(crop, bw, bh);
  const side = ringSides(crop, bw, bh, outward.squared, ringPx);
  // Ring pixels lie within ringPx of the key region: the tables need only its box grown by that.
  const ringArea = growBox(keyBox, ringPx + 1, width, height);
  const tables = RingTables.build(source.data, target.data, width, channels, box, side, ringArea);
  const levels = new ContourLevelMemo(tables, bw * bh, channels);
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
      const level = levels.at(q, x0, y0, x1, y1);
      if (level < 0) continue;
      const t = Math.sqrt(d2) / band;
      const weight = 1 - t * t * (3 - 2 * t);
      const p = (y + box.y0) * width + x + box.x0;
      const i = p * channels;
      for (let c = 0; c < channels; c++) {
        const v = Math.round(target.data[i + c] + weight * levels.values[level + c]);
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

/**
 * Which ring each crop pixel belongs to: OUTER for a pixel outside the key region within ringPx
 * of it (from the distance field), INNER for a key pixel with a pixel outside the key region
 * within ringPx (inside the crop), 0 otherwise. The inner ring is found by looking at the disc of
 * offsets around each key pixel: only key pixels are visited, where a second distance transform
 * (to the pixels outside the key region) would cost as much as the first over the whole crop.
 */
/**
 * A zeroed image of the source's size with only the rows where `keyAlpha` may be non-zero copied
 * in: the paste-back reads the source only there, and a small key region in a large image then
 * costs a few rows instead of a copy of the whole image.
 */
function rowsWhereAlpha(source: RawImage, keyAlpha: AlphaMask): Uint8Array | Uint16Array {
  const { y0, y1 } = alphaBounds(keyAlpha);
  const rowLength = source.width * source.channels;
  const copy =
    source.data instanceof Uint16Array
      ? new Uint16Array(source.data.length)
      : new Uint8Array(source.data.length);
  copy.set(source.data.subarray(y0 * rowLength, (y1 + 1) * rowLength), y0 * rowLength);
  return copy;
}

/**
 * The level correction of each contour pixel's window, summed once: every band pixel takes the
 * correction of its nearest contour pixel, and about a band's width of them share each one.
 */
class ContourLevelMemo {
  /** Per crop pixel: 0 not asked yet, -1 no level (empty window), k + 1 the k-th stored level. */
  private readonly slotOf: Int32Array;
  /** The stored levels, `channels` values each. */
  values: Float64Array;
  private stored = 0;

  constructor(
    private readonly tables: RingTables,
    pixels: number,
    private readonly channels: number,
  ) {
    this.slotOf = new Int32Array(pixels);
    this.values = new Float64Array(channels * 256);
  }

  /** Offset in {@link values} of contour pixel q's level (window x0..x1, y0..y1); -1 if none. */
  at(q: number, x0: number, y0: number, x1: number, y1: number): number {
    const slot = this.slotOf[q];
    if (slot !== 0) return slot < 0 ? -1 : (slot - 1) * this.channels;
    const offset = this.stored * this.channels;
    if (offset + this.channels > this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    if (!this.tables.contourLevels(x0, y0, x1, y1, this.values.subarray(offset))) {
      this.slotOf[q] = -1;
      return -1;
    }
    this.stored += 1;
    this.slotOf[q] = this.stored;
    return offset;
  }
}

export function ringSides(
  crop: Uint8Array,
  bw: number,
  bh: number,
  outwardSquared: Float32Array,
  ringPx: number,
): Uint8Array {
  const ring2 = ringPx * ringPx;
  const reach = Math.floor(ringPx);
  const disc: Array<{ dx: number; dy: number; d2: number }> = [];
  for (let dy = -reach; dy <= reach; dy++) {
    for (let dx = -reach; dx <= reach; dx++) {
      const d2 = dx * dx + dy * dy;
      if (d2 > 0 && d2 <= ring2) disc.push({ dx, dy, d2 });
    }
  }
  // Nearest first: an edge pixel usually has its outside neighbour one step away.
  disc.sort((a, b) => a.d2 - b.d2);
  const dxs = Int32Array.from(disc, (o) => o.dx);
  const dys = Int32Array.from(disc, (o) => o.dy);
  const steps = Int32Array.from(disc, (o) => o.dy * bw + o.dx);
  const side = new Uint8Array(bw * bh);
  for (let y = 0, b = 0; y < bh; y++) {
    const rowInside = y >= reach && y < bh - reach;
    for (let x = 0; x < bw; x++, b++) {
      if (crop[b] === 0) {
        if (outwardSquared[b] <= ring2) side[b] = OUTER;
        continue;
      }
      if (rowInside && x >= reach && x < bw - reach) {
        // The whole disc lies in the crop: plain index steps.
        for (let k = 0; k < steps.length; k++) {
          if (crop[b + steps[k]] === 0) {
            side[b] = INNER;
            break;
          }
        }
        continue;
      }
      for (let k = 0; k < steps.length; k++) {
        const nx = x + dxs[k];
        const ny = y + dys[k];
        if (nx >= 0 && ny >= 0 && nx < bw && ny < bh && crop[ny * bw + nx] === 0) {
          side[b] = INNER;
          break;
        }
      }
    }
  }
  return side;
}

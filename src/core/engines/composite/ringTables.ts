/**
 * Local ring means for the ramp seam: summed-area tables of the source and the target over the
 * ring just inside the key region ('inner') and just outside it ('outer'), so the level
 * correction at any contour point is a few lookups.
 */

import type { PixelBox } from '../../image/distanceTransform';

/** Ring codes of {@link RingTables.build}'s `side` array. */
export const INNER = 1;
export const OUTER = 2;

/**
 * Summed-area tables over a bw x bh area of the caller's box, offset by (ox, oy) in it (see the
 * file comment); queries are in box coordinates.
 */
export class RingTables {
  private readonly stride: number;

  private constructor(
    private readonly ox: number,
    private readonly oy: number,
    private readonly bw: number,
    private readonly bh: number,
    private readonly channels: number,
    private readonly innerCount: Float64Array,
    private readonly outerCount: Float64Array,
    /** Per channel: source over the inner ring, source over the outer ring, target over the outer ring. */
    private readonly sums: Float64Array[],
  ) {
    this.stride = bw + 1;
  }

  /**
   * Builds the tables for `box` of images `width` wide: `side[b]` is 1 for the inner ring, 2 for
   * the outer ring, 0 otherwise, per box pixel. The tables cover `area` (image coordinates, inside
   * `box`; default the whole box), which must hold every ring pixel: a window clipped to it then
   * holds the same ring pixels as the unclipped one, and the rings, a few pixels either side of
   * the contour, need far smaller tables than the box the seam band needs.
   */
  static build(
    source: Uint8Array | Uint16Array,
    target: Uint8Array | Uint16Array,
    width: number,
    channels: number,
    box: PixelBox,
    side: Uint8Array,
    area: PixelBox = box,
  ): RingTables {
    const boxWidth = box.x1 - box.x0 + 1;
    const ox = area.x0 - box.x0;
    const oy = area.y0 - box.y0;
    const bw = area.x1 - area.x0 + 1;
    const bh = area.y1 - area.y0 + 1;
    const size = (bw + 1) * (bh + 1);
    const innerCount = new Float64Array(size);
    const outerCount = new Float64Array(size);
    const sums = Array.from({ length: 3 * channels }, () => new Float64Array(size));
    const row = new Float64Array(2 + 3 * channels);
    const stride = bw + 1;
    for (let y = 0; y < bh; y++) {
      row.fill(0);
      for (let x = 0; x < bw; x++) {
        const ring = side[(y + oy) * boxWidth + x + ox];
        const i = ((y + area.y0) * width + x + area.x0) * channels;
        if (ring === INNER) {
          row[0]++;
          for (let c = 0; c < channels; c++) row[2 + 3 * c] += source[i + c];
        } else if (ring === OUTER) {
          row[1]++;
          for (let c = 0; c < channels; c++) {
            row[3 + 3 * c] += source[i + c];
            row[4 + 3 * c] += target[i + c];
          }
        }
        const t = (y + 1) * stride + x + 1;
        innerCount[t] = innerCount[t - stride] + row[0];
        outerCount[t] = outerCount[t - stride] + row[1];
        for (let k = 0; k < sums.length; k++)
          (sums[k] as Float64Array)[t] = (sums[k] as Float64Array)[t - stride] + row[2 + k];
      }
    }
    return new RingTables(ox, oy, bw, bh, channels, innerCount, outerCount, sums);
  }

  /**
   * The level correction at a contour point from the rings within [x0, x1) x [y0, y1) (clipped):
   * per channel, clamp(source outside, between source inside and target outside) - target
   * outside. It reproduces the source's own step across the contour where that keeps the level
   * between the two sides, and never pushes beyond them (a halo or a dark rim). Returns false
   * when the window holds no ring pixel of either side. Written to out[offset .. offset + channels).
   */
  contourLevels(
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    out: Float64Array,
    offset = 0,
  ): boolean {
    const ax = Math.max(0, x0 - this.ox);
    const ay = Math.max(0, y0 - this.oy);
    const bx = Math.min(this.bw, x1 - this.ox);
    const by = Math.min(this.bh, y1 - this.oy);
    if (bx <= ax || by <= ay) return false;
    const inner = this.rect(this.innerCount, ax, ay, bx, by);
    const outer = this.rect(this.outerCount, ax, ay, bx, by);
    if (inner === 0 || outer === 0) return false;
    for (let c = 0; c < this.channels; c++) {
      const sourceInside = this.rect(this.sums[3 * c], ax, ay, bx, by) / inner;
      const sourceOutside = this.rect(this.sums[3 * c + 1], ax, ay, bx, by) / outer;
      const targetOutside = this.rect(this.sums[3 * c + 2], ax, ay, bx, by) / outer;
      const lo = Math.min(sourceInside, targetOutside);
      const hi = Math.max(sourceInside, targetOutside);
      out[offset + c] = Math.min(hi, Math.max(lo, sourceOutside)) - targetOutside;
    }
    return true;
  }

  /**
   * The range the seam may use at a contour point, per channel: [min, max] of the source's
   * inner-ring mean and the target's outer-ring mean in the window. False when either is missing.
   */
  sideRange(
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    lo: Float64Array,
    hi: Float64Array,
  ): boolean {
    const ax = Math.max(0, x0 - this.ox);
    const ay = Math.max(0, y0 - this.oy);
    const bx = Math.min(this.bw, x1 - this.ox);
    const by = Math.min(this.bh, y1 - this.oy);
    if (bx <= ax || by <= ay) return false;
    const inner = this.rect(this.innerCount, ax, ay, bx, by);
    const outer = this.rect(this.outerCount, ax, ay, bx, by);
    if (inner === 0 || outer === 0) return false;
    for (let c = 0; c < this.channels; c++) {
      const sourceInside = this.rect(this.sums[3 * c], ax, ay, bx, by) / inner;
      const targetOutside = this.rect(this.sums[3 * c + 2], ax, ay, bx, by) / outer;
      lo[c] = Math.min(sourceInside, targetOutside);
      hi[c] = Math.max(sourceInside, targetOutside);
    }
    return true;
  }

  private rect(table: Float64Array, x0: number, y0: number, x1: number, y1: number): number {
    const s = this.stride;
    return table[y1 * s + x1] - table[y0 * s + x1] - table[y1 * s + x0] + table[y0 * s + x0];
  }
}

/**
 * Local ring means for the ramp seam (rampSeam.ts): around a contour pixel, the mean of the source
 * over the ring just inside the key region ('inner') and the means of the source and the target
 * over the ring just outside it ('outer'), within a square window. Summed straight from the pixels,
 * once per contour pixel at its first use: about a band's width of band pixels share each contour
 * pixel, and the rings are a few pixels wide, so this touches far fewer pixels than summed-area
 * tables over the key region's box would, and allocates nothing per window.
 */
import { INNER, type RampGeometry } from './rampGeometry';

/** The rings' means in each contour pixel's window, for one source and one target. */
export class ContourWindows {
  /** Per contour pixel: 0 not summed yet, 1 both rings present, -1 a ring missing. */
  private readonly state: Int8Array;
  /** Per contour pixel and channel: the level correction (see {@link at}). */
  readonly level: Float64Array;
  /** Per contour pixel and channel: the range the seam may use, [lo, hi]. */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  private readonly sums: Float64Array;

  constructor(
    private readonly source: Uint8Array | Uint16Array,
    private readonly target: Uint8Array | Uint16Array,
    private readonly width: number,
    private readonly channels: number,
    private readonly geometry: RampGeometry,
    /** The window reaches this far from the contour pixel on every side. */
    private readonly reach: number,
  ) {
    const slots = geometry.contour.length;
    this.state = new Int8Array(slots);
    this.level = new Float64Array(slots * channels);
    this.lo = new Float64Array(slots * channels);
    this.hi = new Float64Array(slots * channels);
    this.sums = new Float64Array(3 * channels);
  }

  /**
   * Offset of contour pixel `slot`'s values in {@link level}, {@link lo} and {@link hi}; -1 when
   * its window holds no pixel of one of the rings. Per channel: level = clamp(source outside,
   * between source inside and target outside) - target outside, which reproduces the source's own
   * step across the contour where that keeps the level between the two sides and never pushes
   * beyond them (a halo or a dark rim); [lo, hi] = [min, max] of source inside and target outside.
   */
  at(slot: number): number {
    const known = this.state[slot];
    const offset = slot * this.channels;
    if (known !== 0) return known > 0 ? offset : -1;
    const { box, bw, side, contour } = this.geometry;
    const bh = side.length / bw;
    const { channels, sums, source, target, width, reach } = this;
    const q = contour[slot];
    const qx = q % bw;
    const qy = (q - qx) / bw;
    const x0 = Math.max(0, qx - reach);
    const x1 = Math.min(bw - 1, qx + reach);
    const y0 = Math.max(0, qy - reach);
    const y1 = Math.min(bh - 1, qy + reach);
    sums.fill(0);
    let inner = 0;
    let outer = 0;
    for (let y = y0; y <= y1; y++) {
      const row = y * bw;
      const imageRow = (y + box.y0) * width + box.x0;
      for (let x = x0; x <= x1; x++) {
        const ring = side[row + x];
        if (ring === 0) continue;
        const i = (imageRow + x) * channels;
        if (ring === INNER) {
          inner++;
          for (let c = 0; c < channels; c++) sums[3 * c] += source[i + c];
        } else {
          outer++;
          for (let c = 0; c < channels; c++) {
            sums[3 * c + 1] += source[i + c];
            sums[3 * c + 2] += target[i + c];
          }
        }
      }
    }
    if (inner === 0 || outer === 0) {
      this.state[slot] = -1;
      return -1;
    }
    for (let c = 0; c < channels; c++) {
      const sourceInside = sums[3 * c] / inner;
      const sourceOutside = sums[3 * c + 1] / outer;
      const targetOutside = sums[3 * c + 2] / outer;
      const lo = Math.min(sourceInside, targetOutside);
      const hi = Math.max(sourceInside, targetOutside);
      this.lo[offset + c] = lo;
      this.hi[offset + c] = hi;
      this.level[offset + c] = Math.min(hi, Math.max(lo, sourceOutside)) - targetOutside;
    }
    this.state[slot] = 1;
    return offset;
  }
}

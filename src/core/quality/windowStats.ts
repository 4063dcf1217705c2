/**
 * Local mean and standard deviation over a square window, counting only the pixels a selection
 * marks, in O(1) per query from summed-area tables (recomputed per channel with `load`).
 */

/** Windows with fewer selected pixels than this give no statistics (too few to trust). */
const MIN_WINDOW_PIXELS = 4;

/** Summed-area tables of a selection's values, squares and count over a width x height plane. */
export class WindowStats {
  /** Results of the last successful {@link query}. */
  mean = 0;
  std = 0;
  private readonly stride: number;
  private readonly count: Float64Array;
  private readonly sum: Float64Array;
  private readonly sumSquares: Float64Array;

  /**
   * `selected[p]` non-zero marks the pixels the statistics are taken over. `withSpread` false
   * keeps no table of squares: queries then give the mean only (`std` stays 0), for half the work
   * per {@link load}.
   */
  constructor(
    private readonly width: number,
    private readonly height: number,
    private readonly selected: Uint8Array,
    private readonly withSpread = true,
  ) {
    this.stride = width + 1;
    const size = (width + 1) * (height + 1);
    this.count = new Float64Array(size);
    this.sum = new Float64Array(size);
    this.sumSquares = new Float64Array(withSpread ? size : 0);
    const { stride, count } = this;
    for (let y = 0; y < height; y++) {
      let row = 0;
      for (let x = 0, p = y * width; x < width; x++, p++) {
        if (selected[p] !== 0) row++;
        count[(y + 1) * stride + x + 1] = count[y * stride + x + 1] + row;
      }
    }
  }

  /** Takes the values of one plane (same size as the selection). */
  load(values: Float32Array): void {
    if (!this.withSpread) {
      this.loadSums(values);
      return;
    }
    const { width, height, stride, selected, sum, sumSquares } = this;
    for (let y = 0; y < height; y++) {
      let rowSum = 0;
      let rowSquares = 0;
      for (let x = 0, p = y * width; x < width; x++, p++) {
        if (selected[p] !== 0) {
          const v = values[p];
          rowSum += v;
          rowSquares += v * v;
        }
        const t = (y + 1) * stride + x + 1;
        sum[t] = sum[t - stride] + rowSum;
        sumSquares[t] = sumSquares[t - stride] + rowSquares;
      }
    }
  }

  private loadSums(values: Float32Array): void {
    const { width, height, stride, selected, sum } = this;
    for (let y = 0; y < height; y++) {
      let rowSum = 0;
      for (let x = 0, p = y * width; x < width; x++, p++) {
        if (selected[p] !== 0) rowSum += values[p];
        const t = (y + 1) * stride + x + 1;
        sum[t] = sum[t - stride] + rowSum;
      }
    }
  }

  /**
   * Statistics of the window of `radius` around (x, y), clipped to the plane, into `mean` and
   * `std`; false (fields unchanged) when the window holds too few selected pixels.
   */
  query(x: number, y: number, radius: number): boolean {
    const x0 = Math.max(0, x - radius);
    const y0 = Math.max(0, y - radius);
    const x1 = Math.min(this.width, x + radius + 1);
    const y1 = Math.min(this.height, y + radius + 1);
    const n = this.rect(this.count, x0, y0, x1, y1);
    if (n < MIN_WINDOW_PIXELS) return false;
    const mean = this.rect(this.sum, x0, y0, x1, y1) / n;
    this.mean = mean;
    if (!this.withSpread) return true;
    const variance = this.rect(this.sumSquares, x0, y0, x1, y1) / n - mean * mean;
    this.std = Math.sqrt(Math.max(0, variance));
    return true;
  }

  private rect(table: Float64Array, x0: number, y0: number, x1: number, y1: number): number {
    const s = this.stride;
    return table[y1 * s + x1] - table[y0 * s + x1] - table[y1 * s + x0] + table[y0 * s + x0];
  }
}

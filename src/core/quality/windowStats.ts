/**
 * Local mean and standard deviation over square windows around a fixed list of pixels (the seam
 * band's), counting only the pixels a selection marks.
 *
 * The windows and the pixels they count never change for one source; only the samples do (each
 * channel of the source, then of every output). So the selection is kept as a list of its pixels
 * per row and the windows' centres per row, and each channel is one sweep down the box: a running
 * sum per column over the window's rows (a row entering adds its selected pixels, a row leaving
 * takes them away), and on a row with centres, a running sum along that row of the column sums
 * gives each window's total by one subtraction. The work is proportional to the selected pixels
 * plus the rows' widths, and the sums live in a few rows of memory. (A summed-area table of the
 * whole box per channel, what this replaced, wrote two box-sized float64 tables per channel of
 * every output, which no processor cache holds; with this sweep the per-item quality measurement
 * costs about a fifth less CPU, docs/throughput.md.)
 *
 * 8-bit samples give integer sums, exact in float64 whatever the order of the additions, so the
 * statistics are exactly those of a direct count. 16-bit samples (in 8-bit levels, float32) give
 * sums that agree with a direct count to about 1e-10 of their size.
 */
import { imagePixelOf, type BandGeometry, type Levels } from './seamGeometry';

/** Windows with fewer selected pixels than this give no statistics (too few to trust). */
const MIN_WINDOW_PIXELS = 4;

/** Pixels grouped by box row: row y's columns are `columns[start[y]] .. columns[start[y + 1] - 1]`. */
interface RowLists {
  start: Int32Array;
  columns: Int32Array;
}

/** Box indices (ascending) grouped by row. */
function rowListsOf(width: number, height: number, indices: Int32Array): RowLists {
  const start = new Int32Array(height + 1);
  for (const b of indices) start[Math.floor(b / width) + 1]++;
  for (let y = 0; y < height; y++) start[y + 1] += start[y];
  const columns = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) columns[k] = indices[k] % width;
  return { start, columns };
}

/** Box indices, ascending, of the pixels `selected` marks. */
function selectedIndices(selected: Uint8Array): Int32Array {
  let count = 0;
  for (let b = 0; b < selected.length; b++) if (selected[b] !== 0) count++;
  const indices = new Int32Array(count);
  for (let b = 0, k = 0; b < selected.length; b++) if (selected[b] !== 0) indices[k++] = b;
  return indices;
}

/**
 * prefix[x + 1] = values[from] + ... + values[x] for x in from..to-1 (prefix[from] = 0). The total
 * is kept in a local: through the array, each addition would wait for the previous one's store,
 * which made this loop the sweep's slowest part.
 */
function prefixSums(values: Float64Array, prefix: Float64Array, from: number, to: number): void {
  let total = 0;
  prefix[from] = 0;
  for (let x = from; x < to; x++) {
    total += values[x];
    prefix[x + 1] = total;
  }
}

/** Window statistics at fixed centres over a fixed selection; see the file comment. */
export class WindowStats {
  /** Per centre, after {@link load}: the window's mean; NaN when it holds too few selected pixels. */
  readonly means: Float64Array;
  /** Per centre, after {@link load}: the window's standard deviation (0 without spread; NaN as above). */
  readonly stds: Float64Array;
  /** The selected pixels by row, with each one's index in the image (in pixels). */
  private readonly selection: RowLists & { offsets: Int32Array };
  private readonly centres: RowLists;
  /** Per centre: its window's selected pixels, 0 when fewer than MIN_WINDOW_PIXELS. */
  private readonly counts: Float64Array;
  /** Running sums per column, and along a row (one longer: a prefix). */
  private readonly columnSums: Float64Array;
  private readonly columnSquares: Float64Array;
  private readonly rowSums: Float64Array;
  private readonly rowSquares: Float64Array;

  /**
   * `selected[b]` non-zero marks the box pixels the statistics are taken over; `centres` are the
   * box indices (ascending) of the windows' centres, each window reaching `radius` pixels around
   * its centre, clipped to the box. `withSpread` false gives means only, for less work per load.
   */
  constructor(
    private readonly geometry: BandGeometry,
    selected: Uint8Array,
    centres: Int32Array,
    private readonly radius: number,
    private readonly withSpread = true,
  ) {
    const { bw, bh } = geometry;
    for (let j = 1; j < centres.length; j++)
      if (centres[j] <= centres[j - 1]) throw new Error('WindowStats: centres must ascend');
    const selectedList = selectedIndices(selected);
    const offsets = new Int32Array(selectedList.length);
    for (let k = 0; k < offsets.length; k++) offsets[k] = imagePixelOf(geometry, selectedList[k]);
    this.selection = { ...rowListsOf(bw, bh, selectedList), offsets };
    this.centres = rowListsOf(bw, bh, centres);
    this.means = new Float64Array(centres.length);
    this.stds = new Float64Array(centres.length);
    this.columnSums = new Float64Array(bw);
    this.columnSquares = new Float64Array(withSpread ? bw : 0);
    this.rowSums = new Float64Array(bw + 1);
    this.rowSquares = new Float64Array(withSpread ? bw + 1 : 0);
    this.counts = new Float64Array(centres.length);
    this.sweep(null, 0, 0);
    for (let j = 0; j < this.counts.length; j++) {
      const n = this.means[j];
      this.counts[j] = n < MIN_WINDOW_PIXELS ? 0 : n;
    }
  }

  /**
   * Takes channel `c` of an image's interleaved samples over the box, in 8-bit levels (each value
   * as a float32: 16-bit samples / 257 rounded; 8-bit ones exact), and leaves every window's
   * statistics in {@link means} and {@link stds}.
   */
  load(samples: Levels, stride: number, c: number): void {
    this.sweep(samples, stride, c);
    const { means, stds, counts, withSpread } = this;
    for (let j = 0; j < counts.length; j++) {
      const n = counts[j];
      if (n === 0) {
        means[j] = NaN;
        stds[j] = NaN;
        continue;
      }
      const mean = means[j] / n;
      means[j] = mean;
      stds[j] = withSpread ? Math.sqrt(Math.max(0, stds[j] / n - mean * mean)) : 0;
    }
  }

  /**
   * Every window's sum of the channel's values into `means` and of their squares into `stds`;
   * with `samples` null, every value is 1 (the windows' pixel counts, into `means`).
   */
  private sweep(samples: Levels | null, stride: number, c: number): void {
    const { bw, bh } = this.geometry;
    const { radius, selection, centres, withSpread, means, stds } = this;
    const { columnSums, columnSquares, rowSums, rowSquares } = this;
    const squares = withSpread && samples !== null;
    columnSums.fill(0);
    columnSquares.fill(0);
    const data = samples?.data;
    const scale = samples?.scale ?? 1;
    const exact = scale === 1;
    /** Adds (sign 1) or takes away (sign -1) box row y's selected pixels to the column sums. */
    const addRow = (y: number, sign: 1 | -1): void => {
      const end = selection.start[y + 1];
      const { columns, offsets } = selection;
      if (data === undefined) {
        for (let k = selection.start[y]; k < end; k++) columnSums[columns[k]] += sign;
        return;
      }
      for (let k = selection.start[y]; k < end; k++) {
        const i = offsets[k] * stride + c;
        const v = exact ? data[i] : Math.fround(data[i] * scale);
        const x = columns[k];
        if (sign > 0) {
          columnSums[x] += v;
          if (squares) columnSquares[x] += v * v;
        } else {
          columnSums[x] -= v;
          if (squares) columnSquares[x] -= v * v;
        }
      }
    };
    for (let y = 0; y < radius && y < bh; y++) addRow(y, 1);
    const columns = centres.columns;
    for (let y = 0, j = 0; y < bh; y++) {
      if (y + radius < bh) addRow(y + radius, 1);
      if (y - radius - 1 >= 0) addRow(y - radius - 1, -1);
      const last = centres.start[y + 1];
      // The row's windows in runs that overlap or touch: prefix sums along the row over each
      // run's columns only (a band around a large key region crosses a row twice, with the key
      // region's width in between that no window reaches).
      for (let k = centres.start[y]; k < last;) {
        const from = Math.max(0, columns[k] - radius);
        let to = Math.min(bw, columns[k] + radius + 1);
        let end = k + 1;
        while (end < last && columns[end] - radius <= to) {
          to = Math.min(bw, columns[end] + radius + 1);
          end++;
        }
        prefixSums(columnSums, rowSums, from, to);
        if (squares) prefixSums(columnSquares, rowSquares, from, to);
        for (; k < end; k++, j++) {
          const x0 = Math.max(0, columns[k] - radius);
          const x1 = Math.min(bw, columns[k] + radius + 1);
          means[j] = rowSums[x1] - rowSums[x0];
          if (squares) stds[j] = rowSquares[x1] - rowSquares[x0];
        }
      }
    }
  }
}

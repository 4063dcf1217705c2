/**
 * A virtualised grid: only the rows inside the viewport (plus a small overscan) exist in the
 * DOM, so 10,000 items cost as much as the 20 on screen. Rows have a fixed height; the number of
 * columns follows the viewport width. Cells are absolutely positioned inside a spacer whose
 * height is that of all rows, so the native scrollbar stays truthful.
 */

/** Input of `computeVisibleRange`. */
export interface ViewportMetrics {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  rowCount: number;
  overscanRows: number;
}

/** Rows [firstRow, endRow) to render. */
export interface RowRange {
  firstRow: number;
  endRow: number;
}

/** The rows that intersect the viewport, widened by the overscan and clamped to the row count. */
export function computeVisibleRange(m: ViewportMetrics): RowRange {
  if (m.rowCount <= 0 || m.rowHeight <= 0) return { firstRow: 0, endRow: 0 };
  const first = Math.floor(Math.max(0, m.scrollTop) / m.rowHeight) - m.overscanRows;
  const last =
    Math.ceil((Math.max(0, m.scrollTop) + Math.max(0, m.viewportHeight)) / m.rowHeight) +
    m.overscanRows;
  const firstRow = Math.min(Math.max(0, first), m.rowCount);
  return { firstRow, endRow: Math.max(firstRow, Math.min(m.rowCount, last)) };
}

/** How many columns of at least `minCellWidth` fit (never fewer than one). */
export function columnsFor(width: number, minCellWidth: number): number {
  return Math.max(1, Math.floor(width / minCellWidth));
}

/** Options of a VirtualGrid. */
export interface VirtualGridOptions<T> {
  /** The scrolling element; the grid adds its spacer inside it. */
  viewport: HTMLElement;
  rowHeight: number;
  minCellWidth: number;
  overscanRows?: number;
  /** Builds one cell; called again only when the item object at that index changes. */
  renderCell: (item: T, index: number) => HTMLElement;
  /** Viewport size (defaults to clientWidth/clientHeight; tests pass fixed numbers). */
  measure?: () => { width: number; height: number };
}

/** A virtualised grid of cells over an array of items. */
export class VirtualGrid<T> {
  private items: readonly T[] = [];
  private readonly spacer: HTMLElement;
  private readonly cells = new Map<number, { item: T; element: HTMLElement }>();
  private readonly overscan: number;
  private columns = 1;

  constructor(private readonly options: VirtualGridOptions<T>) {
    this.overscan = options.overscanRows ?? 3;
    const doc = options.viewport.ownerDocument;
    this.spacer = doc.createElement('div');
    this.spacer.className = 'virtual-spacer';
    this.spacer.style.position = 'relative';
    options.viewport.appendChild(this.spacer);
    options.viewport.addEventListener('scroll', () => this.update(), { passive: true });
  }

  /** Replaces the items (a new array with some new objects re-renders only those cells). */
  setItems(items: readonly T[]): void {
    this.items = items;
    this.update();
  }

  /** Number of cells currently in the DOM. */
  get renderedCount(): number {
    return this.cells.size;
  }

  /** Columns in the current layout. */
  get columnCount(): number {
    return this.columns;
  }

  /** Whole rows that fit in the viewport. */
  get rowsPerPage(): number {
    return Math.max(1, Math.floor(this.measure().height / this.options.rowHeight));
  }

  /** The rendered element of the item at `index` (undefined when it is scrolled out). */
  elementAt(index: number): HTMLElement | undefined {
    return this.cells.get(index)?.element;
  }

  /** Scrolls so the item at `index` is visible. */
  scrollToIndex(index: number): void {
    const row = Math.floor(index / this.columns);
    const { height } = this.measure();
    const top = row * this.options.rowHeight;
    const viewport = this.options.viewport;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + this.options.rowHeight > viewport.scrollTop + height) {
      viewport.scrollTop = top + this.options.rowHeight - height;
    }
    this.update();
  }

  /** Re-computes the visible rows and adds/removes/replaces cells; call after a resize. */
  update(): void {
    const { width, height } = this.measure();
    const columns = columnsFor(width, this.options.minCellWidth);
    if (columns !== this.columns) {
      this.columns = columns;
      this.clear();
    }
    const rowCount = Math.ceil(this.items.length / columns);
    this.spacer.style.height = `${rowCount * this.options.rowHeight}px`;
    const range = computeVisibleRange({
      scrollTop: this.options.viewport.scrollTop,
      viewportHeight: height,
      rowHeight: this.options.rowHeight,
      rowCount,
      overscanRows: this.overscan,
    });
    const first = range.firstRow * columns;
    const end = Math.min(this.items.length, range.endRow * columns);
    for (const [index, cell] of this.cells) {
      if (index < first || index >= end || this.items[index] !== cell.item) {
        cell.element.remove();
        this.cells.delete(index);
      }
    }
    const cellWidth = 100 / columns;
    for (let index = first; index < end; index++) {
      if (this.cells.has(index)) continue;
      const item = this.items[index];
      const element = this.options.renderCell(item, index);
      element.style.position = 'absolute';
      element.style.top = `${Math.floor(index / columns) * this.options.rowHeight}px`;
      element.style.left = `${(index % columns) * cellWidth}%`;
      element.style.width = `${cellWidth}%`;
      element.style.height = `${this.options.rowHeight}px`;
      this.spacer.appendChild(element);
      this.cells.set(index, { item, element });
    }
  }

  private measure(): { width: number; height: number } {
    if (this.options.measure) return this.options.measure();
    return { width: this.options.viewport.clientWidth, height: this.options.viewport.clientHeight };
  }

  private clear(): void {
    for (const cell of this.cells.values()) cell.element.remove();
    this.cells.clear();
  }
}

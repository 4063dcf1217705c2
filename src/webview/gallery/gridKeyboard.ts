/**
 * Keyboard movement in a grid of cells (the WAI-ARIA grid pattern's arrow keys): Left/Right move
 * by one cell, Up/Down by one row, Home/End to the first/last cell, PageUp/PageDown by a screen.
 * Pure: the gallery applies the new index (selection, scroll, focus).
 */

/** The grid's shape at the time of the key press. */
export interface GridShape {
  count: number;
  columns: number;
  /** Rows that fit in the viewport (for PageUp/PageDown). */
  rowsPerPage: number;
}

/** The index a key moves to from `index`, or undefined when the key does not move in a grid. */
export function moveInGrid(key: string, index: number, shape: GridShape): number | undefined {
  if (shape.count === 0) return undefined;
  const columns = Math.max(1, shape.columns);
  const page = columns * Math.max(1, shape.rowsPerPage);
  const last = shape.count - 1;
  const from = Math.min(Math.max(0, index), last);
  const clamp = (next: number): number => Math.min(Math.max(0, next), last);
  switch (key) {
    case 'ArrowRight':
      return clamp(from + 1);
    case 'ArrowLeft':
      return clamp(from - 1);
    case 'ArrowDown':
      // The last row may be short: Down stays where no cell lies below.
      return from + columns <= last ? from + columns : from;
    case 'ArrowUp':
      return from - columns >= 0 ? from - columns : from;
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return clamp(from + page);
    case 'PageUp':
      return clamp(from - page);
    default:
      return undefined;
  }
}

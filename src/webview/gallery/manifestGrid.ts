/**
 * The manifest gallery's grid: a virtual grid of entries (items, failed sources) with one selected
 * cell that holds the tab stop (roving focus), arrow keys that move it (gridKeyboard.ts), and
 * activation that opens the review panel. Keeps keyboard focus on the selected cell when a patch
 * replaces its element.
 */
import { failedSourceCell } from './failedCell';
import type { GalleryEntry } from './galleryEntries';
import { moveInGrid } from './gridKeyboard';
import { cellAttributes, manifestItemCell } from './itemCell';
import { GALLERY_MIN_CELL_WIDTH, GALLERY_ROW_HEIGHT } from './layout';
import { VirtualGrid } from './virtualGrid';

/** What the grid needs from the app. */
export interface ManifestGridOptions {
  viewport: HTMLElement;
  /** Open the review panel at this item. */
  onOpen: (itemId: string) => void;
  /** The selection moved (the app saves it). */
  onSelect: () => void;
  measure?: () => { width: number; height: number };
}

/** The grid of the manifest gallery. */
export class ManifestGrid {
  private readonly grid: VirtualGrid<GalleryEntry>;
  private entries: GalleryEntry[] = [];

  constructor(
    private readonly options: ManifestGridOptions,
    /** The selected cell's key; null selects the first cell. */
    public selectedKey: string | null,
  ) {
    const doc = options.viewport.ownerDocument;
    const open = (itemId: string, key: string): void => {
      this.select(key, false);
      options.onOpen(itemId);
    };
    this.grid = new VirtualGrid<GalleryEntry>({
      viewport: options.viewport,
      rowHeight: GALLERY_ROW_HEIGHT,
      minCellWidth: GALLERY_MIN_CELL_WIDTH,
      renderCell: (entry, index) => {
        const focus = { selected: index === this.selectedIndex() };
        return entry.kind === 'item'
          ? manifestItemCell(doc, entry.item, focus, (id) => open(id, entry.key))
          : failedSourceCell(doc, entry, focus, (id) => open(id, entry.key));
      },
      ...(options.measure ? { measure: options.measure } : {}),
    });
    options.viewport.addEventListener('keydown', (event) => this.onKey(event));
  }

  /** Shows `entries`; the cell that had keyboard focus keeps it. */
  setEntries(entries: GalleryEntry[]): void {
    const active = this.options.viewport.ownerDocument.activeElement;
    const hadFocus = active !== null && this.options.viewport.contains(active);
    this.entries = entries;
    this.grid.setItems(entries);
    if (hadFocus) this.grid.elementAt(this.selectedIndex())?.focus();
  }

  /** Re-lays out (columns follow the width). */
  update(): void {
    this.grid.update();
  }

  /** Scrolls to `top` pixels. */
  scrollTo(top: number): void {
    this.options.viewport.scrollTop = top;
    this.grid.update();
  }

  /** Selects the cell with `key`: moves the tab stop and highlight, scrolls to it, focuses it. */
  select(key: string, focus: boolean): void {
    const previous = this.selectedIndex();
    this.selectedKey = key;
    const index = this.selectedIndex();
    if (this.entries[index]?.key === key) {
      this.grid.scrollToIndex(index);
      for (const at of [previous, index]) {
        const element = this.grid.elementAt(at);
        if (!element) continue;
        const selected = at === index;
        element.classList.toggle('selected', selected);
        for (const [name, value] of Object.entries(cellAttributes({ selected })))
          element.setAttribute(name, value);
      }
      if (focus) this.grid.elementAt(index)?.focus();
    }
    this.options.onSelect();
  }

  /** Index of the selected entry; the first when the selection is not shown. */
  private selectedIndex(): number {
    return Math.max(
      0,
      this.entries.findIndex((entry) => entry.key === this.selectedKey),
    );
  }

  private onKey(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const next = moveInGrid(event.key, this.selectedIndex(), {
      count: this.entries.length,
      columns: this.grid.columnCount,
      rowsPerPage: this.grid.rowsPerPage,
    });
    if (next === undefined) return;
    event.preventDefault();
    const entry = this.entries[next];
    if (entry) this.select(entry.key, true);
  }
}

/**
 * The sidebar gallery app: receives the state from the host, draws the filter bar and a
 * virtualised grid of items, merges incremental patches while a job runs, and posts user intents
 * (open review, inpaint selection). DOM and messaging are injected so it runs under happy-dom.
 */
import { el } from '../common/dom';
import { checkboxControl, selectControl } from '../common/controls';
import { ITEM_STATUSES, type ItemStatus } from '../../shared/manifest';
import {
  assertNever,
  type FromGalleryMessage,
  type GalleryItemView,
  type GalleryState,
  type ToGalleryMessage,
} from '../../shared/webviewProtocol';
import { distinctValues, filterItems, NO_ITEM_FILTER, type ItemFilter } from './filters';
import { manifestItemCell } from './itemCell';
import { sortItems, type ItemOrder } from './sortItems';
import { GALLERY_MIN_CELL_WIDTH, GALLERY_ROW_HEIGHT } from './layout';
import { PredictionsView } from './predictionsView';
import { VirtualGrid } from './virtualGrid';

const STATUSES: readonly ItemStatus[] = ITEM_STATUSES;

/** What the app needs from its page. */
export interface GalleryAppOptions {
  root: HTMLElement;
  post: (message: FromGalleryMessage) => void;
  /** Viewport size override for tests (happy-dom does no layout). */
  measure?: () => { width: number; height: number };
}

/** The gallery webview's state machine and view. */
export class GalleryApp {
  private readonly doc: Document;
  private state: GalleryState = { kind: 'empty', readOnly: true };
  private items: GalleryItemView[] = [];
  private filter: ItemFilter = NO_ITEM_FILTER;
  private order: ItemOrder = 'plan';
  private grid: VirtualGrid<GalleryItemView> | null = null;
  private predictions: PredictionsView | null = null;
  private countLabel: HTMLElement | null = null;
  /** Title and class choices of the manifest shown (the toolbar is rebuilt when classes change). */
  private title = '';
  private labels: string[] = [];

  constructor(private readonly options: GalleryAppOptions) {
    this.doc = options.root.ownerDocument;
  }

  /** Tells the host the page is ready for the full state. */
  start(): void {
    this.options.post({ type: 'ready' });
  }

  /** Handles one host message. */
  handle(message: ToGalleryMessage): void {
    switch (message.type) {
      case 'state':
        this.showState(message.state);
        return;
      case 'itemsPatched':
        this.patch(message.items);
        return;
      case 'readOnly':
        this.showState({ ...this.state, readOnly: message.readOnly });
        return;
      default:
        assertNever(message);
    }
  }

  /** Re-lays out after a resize (columns follow the width). */
  relayout(): void {
    this.grid?.update();
    this.predictions?.relayout();
  }

  /** The items currently passing the filter, in the chosen order (for tests and the count label). */
  get visibleItems(): GalleryItemView[] {
    return sortItems(filterItems(this.items, this.filter), this.order);
  }

  private showState(state: GalleryState): void {
    this.state = state;
    this.grid = null;
    this.predictions = null;
    const root = this.options.root;
    root.replaceChildren();
    root.setAttribute('data-read-only', String(state.readOnly));
    switch (state.kind) {
      case 'empty':
        root.appendChild(
          el(this.doc, 'p', {
            className: 'empty-state',
            attrs: { 'data-testid': 'gallery-empty' },
            text: 'No augmentation run is shown. Run "MaskMedPaint: Inpaint to Target Domain" or open a maskmedpaint.json.',
          }),
        );
        return;
      case 'manifest':
        this.items = state.items;
        this.showManifest(state.title);
        return;
      case 'predictions':
        this.predictions = new PredictionsView({
          root,
          rows: state.rows,
          title: state.title,
          readOnly: state.readOnly,
          post: (m) => this.options.post(m),
          ...(this.options.measure ? { measure: this.options.measure } : {}),
        });
        return;
      default:
        assertNever(state);
    }
  }

  private showManifest(title: string): void {
    const doc = this.doc;
    const labels = distinctValues(this.items, (i) => i.label);
    this.title = title;
    this.labels = labels;
    this.options.root.replaceChildren();
    this.countLabel = el(doc, 'span', {
      className: 'count',
      attrs: { 'data-testid': 'gallery-count' },
    });
    const toolbar = el(doc, 'div', { className: 'toolbar' }, [
      el(doc, 'span', { className: 'title', text: title, attrs: { title } }),
      selectControl(doc, 'filter-class', 'Class', labels, this.filter.label, (label) =>
        this.setFilter({ label }),
      ),
      selectControl(doc, 'filter-status', 'Status', STATUSES, this.filter.status, (status) =>
        this.setFilter({ status: status as ItemStatus | null }),
      ),
      checkboxControl(doc, 'filter-errors', 'Errors', this.filter.errorsOnly, (errorsOnly) =>
        this.setFilter({ errorsOnly }),
      ),
      checkboxControl(doc, 'filter-flagged', 'Mask flags', this.filter.flaggedOnly, (flaggedOnly) =>
        this.setFilter({ flaggedOnly }),
      ),
      checkboxControl(
        doc,
        'filter-seams',
        'Visible seams',
        this.filter.visibleSeamsOnly,
        (visibleSeamsOnly) => this.setFilter({ visibleSeamsOnly }),
      ),
      checkboxControl(
        doc,
        'sort-seam',
        'Worst seams first',
        this.order === 'seam',
        (worstFirst) => {
          this.order = worstFirst ? 'seam' : 'plan';
          this.refresh();
        },
      ),
      this.countLabel,
    ]);
    const viewport = el(doc, 'div', {
      className: 'viewport',
      attrs: { 'data-testid': 'gallery-viewport' },
    });
    this.options.root.append(toolbar, viewport);
    this.grid = new VirtualGrid<GalleryItemView>({
      viewport,
      rowHeight: GALLERY_ROW_HEIGHT,
      minCellWidth: GALLERY_MIN_CELL_WIDTH,
      renderCell: (item) =>
        manifestItemCell(doc, item, (itemId) => this.options.post({ type: 'openReview', itemId })),
      ...(this.options.measure ? { measure: this.options.measure } : {}),
    });
    this.refresh();
  }

  private setFilter(change: Partial<ItemFilter>): void {
    this.filter = { ...this.filter, ...change };
    this.refresh();
  }

  private patch(changed: readonly GalleryItemView[]): void {
    if (this.state.kind !== 'manifest') return;
    const indexById = new Map(this.items.map((item, index) => [item.id, index]));
    const next = [...this.items];
    for (const item of changed) {
      const index = indexById.get(item.id);
      if (index === undefined) next.push(item);
      else next[index] = item;
    }
    this.items = next;
    // Keep the state in step so a later redraw (trust change) shows the patched items.
    this.state = { ...this.state, items: next };
    const labels = distinctValues(next, (i) => i.label);
    // A running job can bring the first item of a new class: rebuild the toolbar to offer it.
    if (labels.join('\n') !== this.labels.join('\n')) this.showManifest(this.title);
    else this.refresh();
  }

  private refresh(): void {
    const visible = this.visibleItems;
    if (this.countLabel) this.countLabel.textContent = `${visible.length} of ${this.items.length}`;
    this.grid?.setItems(visible);
  }
}

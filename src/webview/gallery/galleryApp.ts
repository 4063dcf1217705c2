/**
 * The sidebar gallery app: receives the state from the host, draws the filter bar and a
 * virtualised grid of items (the failed augmentations of a source grouped in one cell), merges
 * incremental patches while a job runs, and posts user intents (open review, inpaint selection).
 * Arrow keys move a roving selection between cells; the selection, filter and scroll position
 * survive a redraw of the same run and, through `memory` (the webview's saved state), the view
 * being hidden and shown again. DOM and messaging are injected so it runs under happy-dom.
 */
import { el } from '../common/dom';
import { checkboxControl, selectControl } from '../common/controls';
import type { ItemStatus } from '../../shared/manifest';
import {
  assertNever,
  type FromGalleryMessage,
  type GalleryItemView,
  type GalleryState,
  type ToGalleryMessage,
} from '../../shared/webviewProtocol';
import { distinctValues, filterItems, NO_ITEM_FILTER, type ItemFilter } from './filters';
import { sortItems, type ItemOrder } from './sortItems';
import { GalleryEntries } from './galleryEntries';
import { ManifestGrid } from './manifestGrid';
import { PredictionsView } from './predictionsView';
import { STATUSES, type GalleryMemory } from './galleryMemory';

export { parseGalleryMemory, type GalleryMemory } from './galleryMemory';

/** What the app needs from its page. */
export interface GalleryAppOptions {
  root: HTMLElement;
  post: (message: FromGalleryMessage) => void;
  /** Viewport size override for tests (happy-dom does no layout). */
  measure?: () => { width: number; height: number };
  /** Saved state across the view being hidden and shown (vscode getState/setState). */
  memory?: { load(): GalleryMemory | undefined; save(memory: GalleryMemory): void };
}

/** The gallery webview's state machine and view. */
export class GalleryApp {
  private readonly doc: Document;
  private state: GalleryState = { kind: 'empty', readOnly: true };
  private items: GalleryItemView[] = [];
  private filter: ItemFilter = NO_ITEM_FILTER;
  private order: ItemOrder = 'plan';
  private grid: ManifestGrid | null = null;
  private viewport: HTMLElement | null = null;
  private predictions: PredictionsView | null = null;
  private countLabel: HTMLElement | null = null;
  private readonly entryBuilder = new GalleryEntries();
  /** The selected cell's key (roving focus); survives redraws of the same run. */
  private selectedKey: string | null = null;
  /** Title and class choices of the manifest shown (the toolbar is rebuilt when classes change). */
  private title = '';
  private labels: string[] = [];
  /** Scroll position restored from `memory`, applied once the grid exists. */
  private pendingScroll: number | undefined;

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
      case 'running':
        if (this.state.kind === 'manifest')
          this.showState({ ...this.state, running: message.running });
        return;
      case 'showFailures':
        this.filter = { ...NO_ITEM_FILTER, errorsOnly: true };
        if (this.state.kind === 'manifest') this.showManifest();
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

  /** The key of the selected cell (`item:<id>` or `failed:<source>`), null before any. */
  get selection(): string | null {
    return this.grid?.selectedKey ?? this.selectedKey;
  }

  private showState(state: GalleryState): void {
    const sameRun =
      state.kind === 'manifest' && this.state.kind === 'manifest' && state.title === this.title;
    const keptScroll = sameRun ? (this.viewport?.scrollTop ?? 0) : undefined;
    if (this.grid) this.selectedKey = this.grid.selectedKey;
    this.state = state;
    this.grid = null;
    this.viewport = null;
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
      case 'manifest': {
        this.items = state.items;
        if (!sameRun) this.restoreMemory(state.title);
        this.title = state.title;
        this.showManifest(keptScroll);
        return;
      }
      case 'predictions':
        this.title = '';
        this.predictions = new PredictionsView({
          root,
          rows: state.rows,
          title: state.title,
          readOnly: state.readOnly,
          post: (m) => this.options.post(m),
          ...(state.backTo ? { backTo: state.backTo } : {}),
          ...(this.options.measure ? { measure: this.options.measure } : {}),
        });
        return;
      default:
        assertNever(state);
    }
  }

  /** Takes the filter, selection and scroll saved for `title` (a view shown again). */
  private restoreMemory(title: string): void {
    const saved = this.options.memory?.load();
    if (saved && saved.title === title) {
      this.filter = { ...NO_ITEM_FILTER, ...saved.filter };
      this.order = saved.order;
      this.selectedKey = saved.selectedKey;
      this.pendingScroll = saved.scrollTop;
    } else {
      this.filter = NO_ITEM_FILTER;
      this.order = 'plan';
      this.selectedKey = null;
      this.pendingScroll = undefined;
    }
  }

  private remember(): void {
    if (this.state.kind !== 'manifest') return;
    this.options.memory?.save({
      title: this.title,
      filter: this.filter,
      order: this.order,
      selectedKey: this.grid?.selectedKey ?? this.selectedKey,
      scrollTop: this.viewport?.scrollTop ?? 0,
    });
  }

  private showManifest(scrollTop?: number): void {
    const doc = this.doc;
    const state = this.state;
    const running = state.kind === 'manifest' && state.running === true;
    const labels = distinctValues(this.items, (i) => i.label);
    this.labels = labels;
    this.countLabel = el(doc, 'span', {
      className: 'count',
      attrs: { 'data-testid': 'gallery-count', role: 'status' },
    });
    const toolbar = el(doc, 'div', { className: 'toolbar' }, [
      el(doc, 'span', { className: 'title', text: this.title, attrs: { title: this.title } }),
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
          this.remember();
        },
      ),
      ...(running
        ? [
            el(doc, 'span', {
              className: 'running',
              text: 'generating…',
              attrs: { 'data-testid': 'gallery-running' },
            }),
          ]
        : []),
      this.countLabel,
    ]);
    const viewport = el(doc, 'div', {
      className: 'viewport',
      attrs: {
        'data-testid': 'gallery-viewport',
        role: 'grid',
        'aria-label': `Items of ${this.title}: arrow keys move, Enter opens the review panel`,
      },
    });
    viewport.addEventListener('scroll', () => this.remember(), { passive: true });
    this.viewport = viewport;
    this.options.root.replaceChildren(toolbar, viewport);
    if (this.grid) this.selectedKey = this.grid.selectedKey;
    this.grid = new ManifestGrid(
      {
        viewport,
        onOpen: (itemId) => this.options.post({ type: 'openReview', itemId }),
        onSelect: () => this.remember(),
        ...(this.options.measure ? { measure: this.options.measure } : {}),
      },
      this.selectedKey,
    );
    const scroll = scrollTop ?? this.pendingScroll;
    this.pendingScroll = undefined;
    this.refresh();
    if (scroll !== undefined && scroll > 0) this.grid.scrollTo(scroll);
  }

  private setFilter(change: Partial<ItemFilter>): void {
    this.filter = { ...this.filter, ...change };
    this.refresh();
    this.remember();
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
    if (labels.join('\n') !== this.labels.join('\n'))
      this.showManifest(this.viewport?.scrollTop ?? 0);
    else this.refresh();
  }

  private refresh(): void {
    const visible = this.visibleItems;
    const entries = this.entryBuilder.build(visible);
    if (this.countLabel) {
      const failedSources = entries.filter((e) => e.kind === 'failedSource').length;
      this.countLabel.textContent =
        `${visible.length} of ${this.items.length}` +
        (failedSources > 0
          ? ` · ${failedSources} failed source${failedSources === 1 ? '' : 's'}`
          : '');
    }
    this.grid?.setEntries(entries);
  }
}

/**
 * Model-debugging mode of the gallery: accuracy per class and per domain at the top, the rows
 * filtered to misclassified images by default, a selection, and "Inpaint to Target Domain" for
 * the selected images. When the gallery showed a run before, "Back to <run>" returns to it.
 */
import { el, formatPercent } from '../common/dom';
import { buttonControl, checkboxControl, selectControl } from '../common/controls';
import { summarizeAccuracy, type AccuracyCell } from '../../shared/predictions';
import type { FromGalleryMessage, PredictionRowView } from '../../shared/webviewProtocol';
import { distinctValues, filterPredictions, type PredictionFilter } from './filters';
import { predictionCell } from './itemCell';
import { VirtualGrid } from './virtualGrid';
import { GALLERY_MIN_CELL_WIDTH, GALLERY_ROW_HEIGHT } from './layout';

/** Options of a PredictionsView. */
export interface PredictionsViewOptions {
  root: HTMLElement;
  rows: readonly PredictionRowView[];
  title: string;
  readOnly: boolean;
  post: (message: FromGalleryMessage) => void;
  /** Title of the run shown before this file; offers a way back to it. */
  backTo?: string;
  measure?: () => { width: number; height: number };
}

/** Draws the accuracy summary, filters, selection and the grid of prediction rows. */
export class PredictionsView {
  private filter: PredictionFilter = { misclassifiedOnly: true, label: null, domain: null };
  private readonly selected = new Set<string>();
  private readonly grid: VirtualGrid<PredictionRowView>;
  private readonly inpaintButton: HTMLElement | null;
  private readonly countLabel: HTMLElement;
  private shown: PredictionRowView[] = [];

  constructor(private readonly options: PredictionsViewOptions) {
    const doc = options.root.ownerDocument;
    const rows = options.rows;
    this.countLabel = el(doc, 'span', {
      className: 'count',
      attrs: { 'data-testid': 'gallery-count' },
    });
    this.inpaintButton = options.readOnly
      ? null
      : buttonControl(
          doc,
          'inpaint-selection',
          'Inpaint to Target Domain',
          () => this.inpaintSelection(),
          {
            title: 'Start an augmentation run for the selected images',
          },
        );
    const toolbar = el(doc, 'div', { className: 'toolbar' }, [
      checkboxControl(
        doc,
        'filter-misclassified',
        'Misclassified only',
        true,
        (misclassifiedOnly) => this.setFilter({ misclassifiedOnly }),
      ),
      selectControl(
        doc,
        'filter-class',
        'Class',
        distinctValues(rows, (r) => r.label),
        null,
        (label) => this.setFilter({ label }),
      ),
      selectControl(
        doc,
        'filter-domain',
        'Domain',
        distinctValues(rows, (r) => r.domain),
        null,
        (domain) => this.setFilter({ domain }),
      ),
      buttonControl(doc, 'select-shown', 'Select shown', () => this.selectShown(), {
        secondary: true,
      }),
      ...(this.inpaintButton ? [this.inpaintButton] : []),
      this.countLabel,
    ]);
    const viewport = el(doc, 'div', {
      className: 'viewport',
      attrs: { 'data-testid': 'gallery-viewport' },
    });
    const back = options.backTo
      ? [
          buttonControl(
            doc,
            'back-to-run',
            `← Back to ${options.backTo}`,
            () => options.post({ type: 'showRun' }),
            { secondary: true, title: 'Show the augmentation run again' },
          ),
        ]
      : [];
    options.root.append(
      el(doc, 'div', { className: 'view-title-bar' }, [
        ...back,
        el(doc, 'span', {
          className: 'view-title',
          text: options.title,
          attrs: { title: options.title },
        }),
      ]),
      this.summary(doc, rows),
      toolbar,
      viewport,
    );
    this.grid = new VirtualGrid<PredictionRowView>({
      viewport,
      rowHeight: GALLERY_ROW_HEIGHT,
      minCellWidth: GALLERY_MIN_CELL_WIDTH / 2,
      renderCell: (row) =>
        predictionCell(doc, row, this.selected.has(row.fsPath), (p) => this.toggle(p)),
      ...(options.measure ? { measure: options.measure } : {}),
    });
    this.refresh();
  }

  /** Re-lays out after a resize. */
  relayout(): void {
    this.grid.update();
  }

  private summary(doc: Document, rows: readonly PredictionRowView[]): HTMLElement {
    const summary = summarizeAccuracy(rows);
    const table = (caption: string, cells: AccuracyCell[], testId: string): HTMLElement =>
      el(doc, 'table', { className: 'accuracy', attrs: { 'data-testid': testId } }, [
        el(doc, 'caption', { text: caption }),
        ...cells.map((cell) =>
          el(doc, 'tr', { attrs: { 'data-key': cell.key } }, [
            el(doc, 'th', { text: cell.key }),
            el(doc, 'td', { text: formatPercent(cell.accuracy) }),
            el(doc, 'td', { text: `${cell.correct}/${cell.total}` }),
          ]),
        ),
      ]);
    const parts = [
      table('Overall', [summary.overall], 'accuracy-overall'),
      table('Per class', summary.perClass, 'accuracy-class'),
    ];
    if (summary.perDomain.length > 0)
      parts.push(table('Per domain', summary.perDomain, 'accuracy-domain'));
    return el(doc, 'div', { className: 'summary' }, parts);
  }

  private setFilter(change: Partial<PredictionFilter>): void {
    this.filter = { ...this.filter, ...change };
    this.refresh();
  }

  private toggle(fsPath: string): void {
    if (this.selected.has(fsPath)) this.selected.delete(fsPath);
    else this.selected.add(fsPath);
    this.refresh(true);
  }

  private selectShown(): void {
    for (const row of this.shown) this.selected.add(row.fsPath);
    this.refresh(true);
  }

  private inpaintSelection(): void {
    if (this.selected.size === 0) return;
    this.options.post({ type: 'inpaintSelection', paths: [...this.selected] });
  }

  /** `selectionChanged` forces cells to re-render (new row objects) so the highlight follows. */
  private refresh(selectionChanged = false): void {
    this.shown = filterPredictions(this.options.rows, this.filter);
    this.countLabel.textContent = `${this.shown.length} shown, ${this.selected.size} selected`;
    this.inpaintButton?.toggleAttribute('disabled', this.selected.size === 0);
    this.grid.setItems(selectionChanged ? this.shown.map((row) => ({ ...row })) : this.shown);
  }
}

/**
 * The results view app: the evidence tables (results.md) as vscode-table elements, the notes as
 * plain text, and the plot images. Everything is drawn as text nodes, never as parsed HTML.
 */
import { el } from '../common/dom';
import type {
  FromResultsMessage,
  ResultsTable,
  ToResultsMessage,
} from '../../shared/webviewProtocol';

/** What the app needs from its page. */
export interface ResultsAppOptions {
  root: HTMLElement;
  post: (message: FromResultsMessage) => void;
}

/** Draws one results folder. */
export class ResultsApp {
  constructor(private readonly options: ResultsAppOptions) {}

  /** Tells the host the page is ready. */
  start(): void {
    this.options.post({ type: 'ready' });
  }

  /** Handles the host's state message. */
  handle(message: ToResultsMessage): void {
    const doc = this.options.root.ownerDocument;
    const plots = message.plotUris.map((src, i) =>
      el(doc, 'img', {
        className: 'plot',
        attrs: { src, alt: `plot ${i + 1}`, 'data-testid': 'results-plot' },
      }),
    );
    this.options.root.replaceChildren(
      el(doc, 'h1', { text: `Results: ${message.title}` }),
      el(doc, 'div', { className: 'plots' }, plots),
      ...message.tables.map((table) => this.table(doc, table)),
      el(
        doc,
        'div',
        { className: 'notes', attrs: { 'data-testid': 'results-notes' } },
        message.notes.map((note) => el(doc, 'p', { text: note })),
      ),
    );
  }

  private table(doc: Document, table: ResultsTable): HTMLElement {
    return el(
      doc,
      'vscode-table',
      { attrs: { 'data-testid': 'results-table', zebra: '', 'bordered-columns': '' } },
      [
        el(
          doc,
          'vscode-table-header',
          { attrs: { slot: 'header' } },
          table.headers.map((h) => el(doc, 'vscode-table-header-cell', { text: h })),
        ),
        el(
          doc,
          'vscode-table-body',
          { attrs: { slot: 'body' } },
          table.rows.map((row) =>
            el(
              doc,
              'vscode-table-row',
              {},
              row.map((cell) => el(doc, 'vscode-table-cell', { text: cell })),
            ),
          ),
        ),
      ],
    );
  }
}

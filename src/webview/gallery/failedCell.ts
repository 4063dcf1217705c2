/**
 * The cell of a source whose augmentations failed: the source's thumbnail (or a placeholder when
 * it cannot be shown, which is often why it failed), its file name, how many augmentations failed,
 * and the reason. Activation opens the review panel at the first of them, which shows the full
 * error.
 */
import { el } from '../common/dom';
import { statusBadge } from '../common/badges';
import { activateOnEnterOrSpace, cellAttributes, thumbnail, type CellFocus } from './itemCell';
import { fileNameOf, type FailedSourceEntry } from './galleryEntries';

/** Builds the cell of a failed source. */
export function failedSourceCell(
  doc: Document,
  entry: FailedSourceEntry,
  focus: CellFocus,
  onOpen: (id: string) => void,
): HTMLElement {
  const [first] = entry.items;
  const name = fileNameOf(entry.source);
  const count = entry.items.length;
  const reason = entry.errors.join('\n');
  const summary = `${count} augmentation${count === 1 ? '' : 's'} failed`;
  const open = (): void => {
    if (first) onOpen(first.id);
  };
  return el(
    doc,
    'div',
    {
      className: `cell failed-source status-failed${focus.selected ? ' selected' : ''}`,
      attrs: {
        'data-testid': 'gallery-item',
        'data-failed-source': entry.source,
        'data-item-id': first?.id ?? '',
        'data-failed-count': String(count),
        role: 'gridcell',
        ...cellAttributes(focus),
        'aria-label': `${name}: ${summary}: ${reason}`,
      },
      on: { click: open, keydown: activateOnEnterOrSpace(open) },
    },
    [
      el(doc, 'div', { className: 'thumbs' }, [
        thumbnail(
          doc,
          first?.sourceUri || null,
          'thumbnail',
          `source ${name}`,
          null,
          first?.imagesPending === true,
        ),
        el(
          doc,
          'div',
          { className: 'thumb failed-placeholder', attrs: { 'aria-hidden': 'true' } },
          [el(doc, 'span', { text: 'no output' })],
        ),
      ]),
      el(doc, 'div', {
        className: 'name',
        text: name,
        attrs: { 'data-testid': 'item-name', title: `source: ${entry.source}` },
      }),
      el(doc, 'div', { className: 'meta' }, [
        el(doc, 'span', { className: 'label', text: first?.label ?? '' }),
        statusBadge(doc, 'failed', 'status-badge'),
        el(doc, 'span', {
          className: 'failed-count',
          text: summary,
          attrs: { 'data-testid': 'failed-count' },
        }),
      ]),
      el(doc, 'div', {
        className: 'error',
        text: reason,
        attrs: { title: reason, 'data-testid': 'failed-reason' },
      }),
    ],
  );
}

/**
 * One gallery cell: the source with its key-region mask overlaid, the generated output, the
 * item's name and class, a status badge, a decision a re-run reset, mask quality flags and the
 * seam score. Images load lazily from webview URIs; one that cannot be decoded is replaced by a
 * placeholder that says so instead of the browser's broken-image icon. Cells take part in the
 * grid's roving focus (gridKeyboard.ts): only the selected cell is in the tab order.
 */
import { el } from '../common/dom';
import { maskFlagBadges, seamBadge, staleDecisionBadge, statusBadge } from '../common/badges';
import { VISIBLE_SEAM_SCORE } from './filters';
import type { GalleryItemView, PredictionRowView } from '../../shared/webviewProtocol';
import { isCorrect } from '../../shared/predictions';
import { fileNameOf } from './galleryEntries';

/** A keydown listener that runs `action` on Enter or Space, as a button or checkbox would. */
export function activateOnEnterOrSpace(action: () => void): (event: Event) => void {
  return (event) => {
    const key = (event as KeyboardEvent).key;
    if (key === 'Enter' || key === ' ') {
      event.preventDefault();
      action();
    }
  };
}

/** A "cannot be shown" box in place of an image (missing, refused, or undecodable). */
function missingImage(doc: Document, testId: string, text: string): HTMLElement {
  return el(doc, 'div', {
    className: 'thumb-missing',
    text,
    attrs: { 'data-testid': `${testId}-missing`, role: 'img', 'aria-label': text },
  });
}

/**
 * A thumbnail with an optional mask overlay: the mask image drives a CSS luminance mask over a
 * tinted layer, so white (key region) shows the tint and nothing is decoded on the host.
 */
export function thumbnail(
  doc: Document,
  src: string | null,
  testId: string,
  alt: string,
  maskUri?: string | null,
  pending = false,
): HTMLElement {
  const box = el(doc, 'div', { className: 'thumb' });
  if (pending) {
    // The host is still checking this item's paths (a large run's first load); a patch follows.
    box.appendChild(
      el(doc, 'div', {
        className: 'thumb-missing thumb-pending',
        text: 'checking…',
        attrs: { 'data-testid': `${testId}-pending`, role: 'img', 'aria-label': 'image loading' },
      }),
    );
    return box;
  }
  if (!src) {
    box.appendChild(missingImage(doc, testId, 'no image'));
    return box;
  }
  const image = el(doc, 'img', {
    attrs: { src, alt, loading: 'lazy', decoding: 'async', 'data-testid': testId },
  });
  image.addEventListener('error', () =>
    box.replaceChildren(missingImage(doc, testId, 'cannot be shown')),
  );
  box.appendChild(image);
  if (maskUri) {
    const overlay = el(doc, 'div', {
      className: 'mask-overlay',
      attrs: { 'data-testid': 'mask-overlay' },
    });
    const cssUrl = `url("${maskUri.replace(/"/g, '%22')}")`;
    overlay.style.setProperty('mask-image', cssUrl);
    overlay.style.setProperty('-webkit-mask-image', cssUrl);
    box.appendChild(overlay);
  }
  return box;
}

/** How a cell is drawn in the grid's roving focus. */
export interface CellFocus {
  /** This cell is the grid's selected cell (in the tab order, highlighted). */
  selected: boolean;
}

/** Attributes every focusable gallery cell carries. */
export function cellAttributes(focus: CellFocus): Record<string, string> {
  return { tabindex: focus.selected ? '0' : '-1', 'aria-selected': String(focus.selected) };
}

/** Builds the cell for a manifest item; activation (click, Enter, Space) calls `onOpen`. */
export function manifestItemCell(
  doc: Document,
  item: GalleryItemView,
  focus: CellFocus,
  onOpen: (id: string) => void,
): HTMLElement {
  const seam = item.quality?.seam ?? null;
  const meta = el(doc, 'div', { className: 'meta' }, [
    el(doc, 'span', { className: 'label', text: item.label, attrs: { title: item.label } }),
    statusBadge(doc, item.status, 'status-badge'),
    ...(item.staleDecision ? [staleDecisionBadge(doc, item.staleDecision, 'stale-badge')] : []),
    ...maskFlagBadges(doc, item.maskFlags),
    ...(seam === null ? [] : [seamBadge(doc, seam, seam >= VISIBLE_SEAM_SCORE)]),
  ]);
  const children: Node[] = [
    el(doc, 'div', { className: 'thumbs' }, [
      thumbnail(
        doc,
        item.sourceUri,
        'thumbnail',
        `source of ${item.name}`,
        item.maskUri,
        item.imagesPending === true,
      ),
      thumbnail(
        doc,
        item.outputUri,
        'output-thumbnail',
        `output ${item.name}`,
        null,
        item.imagesPending === true,
      ),
    ]),
    el(doc, 'div', {
      className: 'name',
      text: item.name,
      attrs: { 'data-testid': 'item-name', title: `${item.name}\nsource: ${item.source}` },
    }),
    meta,
  ];
  if (item.error)
    children.push(
      el(doc, 'div', { className: 'error', text: item.error, attrs: { title: item.error } }),
    );
  const open = (): void => onOpen(item.id);
  return el(
    doc,
    'div',
    {
      className: `cell status-${item.status}${focus.selected ? ' selected' : ''}`,
      attrs: {
        'data-testid': 'gallery-item',
        'data-item-id': item.id,
        role: 'gridcell',
        ...cellAttributes(focus),
        'aria-label': `${item.name}, ${item.label}, ${item.status}${item.staleDecision ? `, was ${item.staleDecision} on an earlier image` : ''}`,
      },
      on: {
        click: open,
        keydown: activateOnEnterOrSpace(open),
      },
    },
    children,
  );
}

/** Builds the cell for a predictions row; activation toggles its selection. */
export function predictionCell(
  doc: Document,
  row: PredictionRowView,
  selected: boolean,
  onToggle: (fsPath: string) => void,
): HTMLElement {
  const correct = isCorrect(row);
  const score = row.score === undefined ? '' : ` (${row.score.toFixed(2)})`;
  const name = fileNameOf(row.path.replace(/\\/g, '/'));
  // The cell is narrow: the tooltip says everything in full.
  const details = [
    row.path,
    `true label: ${row.label}`,
    `predicted: ${row.prediction}${score}`,
    ...(row.domain ? [`domain: ${row.domain}`] : []),
  ].join('\n');
  const toggle = (): void => onToggle(row.fsPath);
  return el(
    doc,
    'div',
    {
      className: `cell prediction ${correct ? 'correct' : 'wrong'}${selected ? ' selected' : ''}`,
      attrs: {
        'data-testid': 'prediction-item',
        'data-path': row.fsPath,
        'data-selected': String(selected),
        role: 'checkbox',
        'aria-checked': String(selected),
        'aria-label': `${name}: ${row.label} predicted ${row.prediction}${score}`,
        title: details,
        tabindex: '0',
      },
      on: {
        click: toggle,
        keydown: activateOnEnterOrSpace(toggle),
      },
    },
    [
      thumbnail(doc, row.imageUri, 'thumbnail', row.path),
      el(doc, 'div', {
        className: 'name',
        text: name,
        attrs: { 'data-testid': 'prediction-name', title: details },
      }),
      el(doc, 'div', { className: 'meta' }, [
        el(doc, 'span', {
          className: 'label',
          text: `${row.label} → ${row.prediction}${score}`,
          attrs: { title: details, 'data-testid': 'prediction-labels' },
        }),
        ...(row.domain ? [el(doc, 'span', { className: 'domain', text: row.domain })] : []),
      ]),
    ],
  );
}

/**
 * One gallery cell: the source with its key-region mask overlaid, the generated output, the
 * class, a status badge, mask quality flags and the seam score. Images load lazily from webview URIs.
 */
import { el } from '../common/dom';
import { VISIBLE_SEAM_SCORE } from './filters';
import type { GalleryItemView, MaskFlag, PredictionRowView } from '../../shared/webviewProtocol';
import { isCorrect } from '../../shared/predictions';

/** What each mask flag means, shown on hover. */
const MASK_FLAG_TITLES: Record<MaskFlag, string> = {
  empty: 'the key region is empty: nothing of the source is kept',
  full: 'the key region covers the whole image: nothing is regenerated',
  fragmented: 'the key region has several separate parts',
  stretched:
    'the mask has another aspect ratio than its image and was stretched to fit: check that the key region lies over the label-carrying pixels',
};

/** A keydown listener that runs `action` on Enter or Space, as a button or checkbox would. */
function activateOnEnterOrSpace(action: () => void): (event: Event) => void {
  return (event) => {
    const key = (event as KeyboardEvent).key;
    if (key === 'Enter' || key === ' ') {
      event.preventDefault();
      action();
    }
  };
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
): HTMLElement {
  const box = el(doc, 'div', { className: 'thumb' });
  if (src) {
    box.appendChild(
      el(doc, 'img', {
        attrs: { src, alt, loading: 'lazy', decoding: 'async', 'data-testid': testId },
      }),
    );
  } else {
    box.appendChild(
      el(doc, 'div', {
        className: 'thumb-missing',
        text: 'no image',
        attrs: { 'data-testid': `${testId}-missing` },
      }),
    );
  }
  if (src && maskUri) {
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

/** Builds the cell for a manifest item; activation (click, Enter, Space) calls `onOpen`. */
export function manifestItemCell(
  doc: Document,
  item: GalleryItemView,
  onOpen: (id: string) => void,
): HTMLElement {
  const badge = el(doc, 'vscode-badge', {
    className: `status status-${item.status}`,
    attrs: { 'data-testid': 'status-badge', 'data-status': item.status },
    text: item.status,
  });
  const seam = item.quality?.seam ?? null;
  const meta = el(doc, 'div', { className: 'meta' }, [
    el(doc, 'span', { className: 'label', text: item.label, attrs: { title: item.id } }),
    badge,
    ...item.maskFlags.map((flag) =>
      el(doc, 'span', {
        className: `flag flag-${flag}`,
        text: `mask ${flag}`,
        attrs: { 'data-testid': 'mask-flag', title: MASK_FLAG_TITLES[flag] },
      }),
    ),
    ...(seam === null
      ? []
      : [
          el(doc, 'span', {
            className: `seam${seam >= VISIBLE_SEAM_SCORE ? ' flag' : ''}`,
            text: `seam ${seam.toFixed(1)}`,
            attrs: { 'data-testid': 'seam-score', title: 'Seam-artifact score (0 = invisible)' },
          }),
        ]),
  ]);
  const children: Node[] = [
    el(doc, 'div', { className: 'thumbs' }, [
      thumbnail(doc, item.sourceUri, 'thumbnail', `source of ${item.id}`, item.maskUri),
      thumbnail(doc, item.outputUri, 'output-thumbnail', `output of ${item.id}`),
    ]),
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
      className: `cell status-${item.status}`,
      attrs: {
        'data-testid': 'gallery-item',
        'data-item-id': item.id,
        role: 'button',
        tabindex: '0',
        'aria-label': `${item.label} ${item.id}, ${item.status}`,
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
        tabindex: '0',
      },
      on: {
        click: toggle,
        keydown: activateOnEnterOrSpace(toggle),
      },
    },
    [
      thumbnail(doc, row.imageUri, 'thumbnail', row.path),
      el(doc, 'div', { className: 'meta' }, [
        el(doc, 'span', {
          className: 'label',
          text: `${row.label} → ${row.prediction}${score}`,
          attrs: { title: row.path },
        }),
        ...(row.domain ? [el(doc, 'span', { className: 'domain', text: row.domain })] : []),
      ]),
    ],
  );
}

/**
 * Draws a resolved gallery in a notebook cell output: thumbnails with the mask overlaid when the
 * workspace is trusted and the host sent thumbnails, otherwise text only. Images are accepted only
 * as PNG data URLs made by the host; every string is drawn as text. The host answers one page at a
 * time: while items remain, a "Show more" button asks for the next page, which is appended.
 */
import { el } from '../common/dom';
import type { RendererItemView, ToRendererMessage } from '../../shared/rendererProtocol';

const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]*={0,2}$/;

/** Only host-made PNG data URLs are drawn. */
function safeImage(url: string | null): string | null {
  return url !== null && PNG_DATA_URL.test(url) ? url : null;
}

/** Callbacks of the drawn gallery. */
export interface RenderActions {
  openReview?: (manifest: string, itemId?: string) => void;
  /** Asks the host for the page that starts after the `shown` items already drawn. */
  loadMore?: (shown: number) => void;
}

function card(
  doc: Document,
  item: RendererItemView,
  showImages: boolean,
  actions: RenderActions,
  manifest: string | null,
): HTMLElement {
  const children: Node[] = [];
  const source = showImages ? safeImage(item.sourceThumb) : null;
  const output = showImages ? safeImage(item.outputThumb) : null;
  if (source || output) {
    const before = el(doc, 'div', { className: 'mmp-thumb' });
    if (source)
      before.appendChild(
        el(doc, 'img', {
          attrs: { src: source, alt: `source of ${item.id}`, 'data-testid': 'thumbnail' },
        }),
      );
    const mask = safeImage(item.maskThumb);
    if (source && mask) {
      const overlay = el(doc, 'div', {
        className: 'mmp-mask',
        attrs: { 'data-testid': 'mask-overlay' },
      });
      overlay.style.setProperty('mask-image', `url("${mask}")`);
      overlay.style.setProperty('-webkit-mask-image', `url("${mask}")`);
      before.appendChild(overlay);
    }
    const after = el(doc, 'div', { className: 'mmp-thumb' });
    if (output)
      after.appendChild(
        el(doc, 'img', {
          attrs: { src: output, alt: `output of ${item.id}`, 'data-testid': 'output-thumbnail' },
        }),
      );
    children.push(el(doc, 'div', { className: 'mmp-pair' }, [before, after]));
  }
  const meta = [item.label, item.status ?? '', item.error ?? '']
    .filter((s) => s !== '')
    .join(' · ');
  children.push(
    el(doc, 'div', { className: 'mmp-meta', text: `${item.id}${meta ? ` — ${meta}` : ''}` }),
  );
  if (manifest && actions.openReview) {
    const open = actions.openReview;
    children.push(
      el(doc, 'button', {
        className: 'mmp-button',
        text: 'Review',
        attrs: { 'data-testid': 'renderer-review-item', type: 'button' },
        on: { click: () => open(manifest, item.id) },
      }),
    );
  }
  return el(
    doc,
    'div',
    { className: 'mmp-card', attrs: { 'data-testid': 'renderer-item', 'data-item-id': item.id } },
    children,
  );
}

/** Replaces `container`'s content with the resolved gallery. */
export function renderResolved(
  container: HTMLElement,
  resolved: ToRendererMessage,
  workspaceTrusted: boolean,
  actions: RenderActions,
): void {
  const doc = container.ownerDocument;
  if (resolved.error !== null) {
    container.replaceChildren(
      el(doc, 'div', {
        className: 'mmp-error',
        text: `MaskMedPaint gallery: ${resolved.error}`,
        attrs: { 'data-testid': 'renderer-error' },
      }),
    );
    return;
  }
  const showImages = resolved.trusted && workspaceTrusted;
  const header: Node[] = [
    el(doc, 'span', {
      attrs: { 'data-testid': 'renderer-count' },
      text: countText(resolved.items.length, resolved.total, showImages),
    }),
  ];
  if (resolved.manifest && actions.openReview) {
    const open = actions.openReview;
    const manifest = resolved.manifest;
    header.push(
      el(doc, 'button', {
        className: 'mmp-button',
        text: 'Open review panel',
        attrs: { 'data-testid': 'renderer-open-review', type: 'button' },
        on: { click: () => open(manifest) },
      }),
    );
  }
  container.replaceChildren(
    el(
      doc,
      'div',
      { className: 'mmp-header', attrs: { 'data-testid': 'renderer-header' } },
      header,
    ),
    el(
      doc,
      'div',
      { className: 'mmp-grid', attrs: { 'data-testid': 'renderer-grid' } },
      resolved.items.map((item) => card(doc, item, showImages, actions, resolved.manifest)),
    ),
    moreFooter(doc, resolved.items.length, resolved.total, actions),
  );
}

/** "MaskMedPaint gallery: 24 of 120 item(s)", with the untrusted note. */
function countText(shown: number, total: number, showImages: boolean): string {
  const note = showImages ? '' : ' (text only: workspace not trusted)';
  return `MaskMedPaint gallery: ${shown} of ${total} item(s)${note}`;
}

/** The "Show more" button while items remain (and the host can be asked), else nothing. */
function moreFooter(
  doc: Document,
  shown: number,
  total: number,
  actions: RenderActions,
): HTMLElement {
  const footer = el(doc, 'div', {
    className: 'mmp-footer',
    attrs: { 'data-testid': 'renderer-footer' },
  });
  const loadMore = actions.loadMore;
  if (shown < total && loadMore) {
    const button = el(doc, 'button', {
      className: 'mmp-button',
      text: `Show more (${total - shown} not shown)`,
      attrs: { 'data-testid': 'renderer-more', type: 'button' },
    });
    button.addEventListener('click', () => {
      // One request at a time: the button comes back with the page (or its error).
      button.disabled = true;
      button.textContent = 'Loading…';
      loadMore(shown);
    });
    footer.appendChild(button);
  }
  return footer;
}

/**
 * Appends the next page (`page.offset` must equal the items drawn so far: a stale or repeated
 * page is ignored and false returned). A page that failed keeps what is drawn and says why.
 */
export function appendResolved(
  container: HTMLElement,
  page: ToRendererMessage,
  workspaceTrusted: boolean,
  actions: RenderActions,
): boolean {
  const doc = container.ownerDocument;
  const grid = container.querySelector('[data-testid="renderer-grid"]');
  const footer = container.querySelector('[data-testid="renderer-footer"]');
  if (!grid || !footer || page.offset !== grid.children.length) return false;
  if (page.error !== null) {
    footer.replaceChildren(
      el(doc, 'div', {
        className: 'mmp-error',
        text: `MaskMedPaint gallery: ${page.error}`,
        attrs: { 'data-testid': 'renderer-error' },
      }),
    );
    return true;
  }
  const showImages = page.trusted && workspaceTrusted;
  for (const item of page.items)
    grid.appendChild(card(doc, item, showImages, actions, page.manifest));
  const shown = grid.children.length;
  const count = container.querySelector('[data-testid="renderer-count"]');
  if (count) count.textContent = countText(shown, page.total, showImages);
  // An empty page (the run lost items meanwhile) ends the paging rather than asking forever.
  footer.replaceWith(moreFooter(doc, shown, page.items.length > 0 ? page.total : shown, actions));
  return true;
}

/** Plain-text fallback (no messaging, or while waiting for the host). */
export function renderText(container: HTMLElement, text: string): void {
  container.replaceChildren(
    el(container.ownerDocument, 'div', {
      className: 'mmp-note',
      text,
      attrs: { 'data-testid': 'renderer-note' },
    }),
  );
}

/** Styles of the renderer (theme variables only); added once per output. */
export const RENDERER_CSS = `
.mmp-header { display: flex; gap: 8px; align-items: center; margin-bottom: 6px; color: var(--vscode-foreground); }
.mmp-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 8px; }
.mmp-card { border: 1px solid var(--vscode-panel-border, #8884); border-radius: 4px; padding: 4px; }
.mmp-pair { display: grid; grid-template-columns: 1fr 1fr; gap: 4px; }
.mmp-thumb { position: relative; aspect-ratio: 1; background: var(--vscode-editor-background); }
.mmp-thumb img { width: 100%; height: 100%; object-fit: contain; display: block; }
.mmp-mask { position: absolute; inset: 0; background: var(--vscode-charts-green, #3c3); opacity: 0.35;
  mask-size: contain; mask-repeat: no-repeat; mask-position: center; mask-mode: luminance;
  -webkit-mask-size: contain; -webkit-mask-repeat: no-repeat; -webkit-mask-position: center; }
.mmp-meta { font-size: 11px; color: var(--vscode-descriptionForeground); overflow-wrap: anywhere; }
.mmp-error { color: var(--vscode-errorForeground); }
.mmp-footer { margin-top: 6px; }
.mmp-button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 2px 8px; cursor: pointer; }
`;

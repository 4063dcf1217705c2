/**
 * Notebook renderer (ESM, dist/webview/renderer.js) for application/vnd.maskmedpaint.gallery+json.
 * A pure view: it validates the payload, asks the host to resolve it one page at a time
 * (thumbnails only when the workspace is trusted), draws the answer, appends the next page when
 * "Show more" is pressed, and asks the host to open the review panel.
 */
import { isRecord } from '../../shared/webviewProtocol';
import {
  parseGalleryPayload,
  type FromRendererMessage,
  type ToRendererMessage,
} from '../../shared/rendererProtocol';
import {
  appendResolved,
  RENDERER_CSS,
  renderResolved,
  renderText,
  type RenderActions,
} from './renderGallery';
import type { OutputItem, RendererApi, RendererContext } from './rendererTypes';

function isResolved(message: unknown): message is ToRendererMessage {
  return (
    isRecord(message) &&
    message.type === 'resolved' &&
    typeof message.requestId === 'number' &&
    typeof message.offset === 'number' &&
    Array.isArray(message.items)
  );
}

/** An output waiting for the host's answer to one resolve request. */
interface PendingRequest {
  container: HTMLElement;
  outputId: string;
  /** The index of the first item asked for: 0 draws the gallery, more appends a page. */
  offset: number;
  actions: RenderActions;
}

/** Builds the renderer for a context (exported for tests with a fake context). */
export function createRenderer(ctx: RendererContext): RendererApi {
  let nextRequest = 1;
  const pending = new Map<number, PendingRequest>();
  const post = (message: FromRendererMessage): void => ctx.postMessage?.(message);
  const openReview = (manifest: string, itemId?: string): void =>
    post({ type: 'openReview', manifest, ...(itemId ? { itemId } : {}) });
  ctx.onDidReceiveMessage?.((message) => {
    if (!isResolved(message)) return;
    const target = pending.get(message.requestId);
    if (!target || message.offset !== target.offset) return;
    pending.delete(message.requestId);
    if (target.offset === 0)
      renderResolved(target.container, message, ctx.workspace.isTrusted, target.actions);
    else appendResolved(target.container, message, ctx.workspace.isTrusted, target.actions);
  });

  return {
    renderOutputItem(item: OutputItem, element: HTMLElement): void {
      const doc = element.ownerDocument;
      const style = doc.createElement('style');
      style.textContent = RENDERER_CSS;
      const container = doc.createElement('div');
      container.setAttribute('data-testid', 'maskmedpaint-renderer');
      element.replaceChildren(style, container);
      let raw: unknown;
      try {
        raw = item.json();
      } catch {
        renderText(container, 'MaskMedPaint gallery: the output is not valid JSON.');
        return;
      }
      const parsed = parseGalleryPayload(raw);
      if (!parsed.ok) {
        renderText(container, `MaskMedPaint gallery: ${parsed.reason}`);
        return;
      }
      if (!ctx.postMessage || !ctx.onDidReceiveMessage) {
        renderText(
          container,
          'MaskMedPaint gallery: install the MaskMedPaint extension to see this output.',
        );
        return;
      }
      const payload = parsed.payload;
      // A newer request for this output replaces any older one still unanswered.
      const request = (offset: number): void => {
        for (const [id, entry] of pending) if (entry.outputId === item.id) pending.delete(id);
        const requestId = nextRequest++;
        pending.set(requestId, { container, outputId: item.id, offset, actions });
        post({ type: 'resolve', requestId, payload, ...(offset > 0 ? { offset } : {}) });
      };
      const actions: RenderActions = { openReview, loadMore: request };
      renderText(container, 'MaskMedPaint gallery: loading…');
      request(0);
    },
    disposeOutputItem(id?: string): void {
      for (const [requestId, entry] of pending)
        if (id === undefined || entry.outputId === id) pending.delete(requestId);
    },
  };
}

/** Entry point VS Code calls. */
export const activate = (ctx: RendererContext): RendererApi => createRenderer(ctx);

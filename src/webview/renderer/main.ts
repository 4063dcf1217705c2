/**
 * Notebook renderer (ESM, dist/webview/renderer.js) for application/vnd.maskmedpaint.gallery+json.
 * A pure view: it validates the payload, asks the host to resolve it (thumbnails only when the
 * workspace is trusted), draws the answer, and asks the host to open the review panel.
 */
import { isRecord } from '../../shared/webviewProtocol';
import {
  parseGalleryPayload,
  type FromRendererMessage,
  type ToRendererMessage,
} from '../../shared/rendererProtocol';
import { RENDERER_CSS, renderResolved, renderText } from './renderGallery';
import type { OutputItem, RendererApi, RendererContext } from './rendererTypes';

function isResolved(message: unknown): message is ToRendererMessage {
  return (
    isRecord(message) &&
    message.type === 'resolved' &&
    typeof message.requestId === 'number' &&
    Array.isArray(message.items)
  );
}

/** Builds the renderer for a context (exported for tests with a fake context). */
export function createRenderer(ctx: RendererContext): RendererApi {
  let nextRequest = 1;
  const pending = new Map<number, { container: HTMLElement; outputId: string }>();
  const post = (message: FromRendererMessage): void => ctx.postMessage?.(message);
  const actions = {
    openReview: (manifest: string, itemId?: string) =>
      post({ type: 'openReview', manifest, ...(itemId ? { itemId } : {}) }),
  };
  ctx.onDidReceiveMessage?.((message) => {
    if (!isResolved(message)) return;
    const target = pending.get(message.requestId);
    if (!target) return;
    pending.delete(message.requestId);
    renderResolved(target.container, message, ctx.workspace.isTrusted, actions);
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
      for (const [id, entry] of pending) if (entry.outputId === item.id) pending.delete(id);
      const requestId = nextRequest++;
      pending.set(requestId, { container, outputId: item.id });
      renderText(container, 'MaskMedPaint gallery: loading…');
      post({ type: 'resolve', requestId, payload: parsed.payload });
    },
    disposeOutputItem(id?: string): void {
      for (const [requestId, entry] of pending)
        if (id === undefined || entry.outputId === id) pending.delete(requestId);
    },
  };
}

/** Entry point VS Code calls. */
export const activate = (ctx: RendererContext): RendererApi => createRenderer(ctx);

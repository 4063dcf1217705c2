/**
 * The JupyterLab renderer of a gallery output: a Lumino widget that draws the payload with the
 * VS Code renderer's own drawing code (webview/renderer/renderGallery.ts), with pages resolved in
 * the browser (browserResolve.ts) instead of by an extension host. JupyterLab has no review
 * panel, so the gallery offers no "Review" buttons; "Show more" loads the next page.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';
import { parseGalleryPayload, type ToRendererMessage } from '../shared/rendererProtocol';
import type { ResolvedPage } from '../shared/rendererPage';
import {
  appendResolved,
  RENDERER_CSS,
  renderResolved,
  renderText,
  type RenderActions,
} from '../webview/renderer/renderGallery';
import { resolveInBrowser } from './browserResolve';
import { jupyterServerFiles } from './jupyterServerFiles';

/** JupyterLab's theme variables under the names the shared gallery styles use. */
const JUPYTERLAB_THEME_CSS = `
.mmp-jupyterlab-gallery {
  --vscode-foreground: var(--jp-ui-font-color1);
  --vscode-descriptionForeground: var(--jp-ui-font-color2);
  --vscode-errorForeground: var(--jp-error-color1);
  --vscode-panel-border: var(--jp-border-color2);
  --vscode-editor-background: var(--jp-layout-color2);
  --vscode-charts-green: var(--jp-success-color1);
  --vscode-button-foreground: var(--jp-ui-inverse-font-color1);
  --vscode-button-background: var(--jp-brand-color1);
  color: var(--jp-ui-font-color1);
  font-family: var(--jp-ui-font-family);
}
`;

/** Draws one gallery output; a newer model replaces any page still loading for an older one. */
export class GalleryRenderer extends Widget implements IRenderMime.IRenderer {
  private generation = 0;

  constructor(private readonly options: IRenderMime.IRendererOptions) {
    super();
    this.addClass('mmp-jupyterlab-gallery');
    this.node.setAttribute('data-testid', 'maskmedpaint-jupyterlab');
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const generation = ++this.generation;
    const doc = this.node.ownerDocument;
    const style = doc.createElement('style');
    style.textContent = JUPYTERLAB_THEME_CSS + RENDERER_CSS;
    const container = doc.createElement('div');
    container.setAttribute('data-testid', 'maskmedpaint-renderer');
    this.node.replaceChildren(style, container);
    const parsed = parseGalleryPayload(model.data[this.options.mimeType]);
    if (!parsed.ok) {
      renderText(container, `MaskMedPaint gallery: ${parsed.reason}`);
      return;
    }
    const resolver = this.options.resolver;
    if (!resolver) {
      renderText(container, 'MaskMedPaint gallery: this output is not part of a saved document.');
      return;
    }
    renderText(container, 'MaskMedPaint gallery: loading…');
    const files = await jupyterServerFiles(resolver, doc);
    const message = (page: ResolvedPage): ToRendererMessage => ({
      type: 'resolved',
      requestId: generation,
      ...page,
    });
    const actions: RenderActions = {
      loadMore: (shown) => {
        void resolveInBrowser(parsed.payload, files, shown).then((page) => {
          if (generation === this.generation)
            appendResolved(container, message(page), true, actions);
        });
      },
    };
    const first = await resolveInBrowser(parsed.payload, files, 0);
    if (generation === this.generation) renderResolved(container, message(first), true, actions);
  }
}

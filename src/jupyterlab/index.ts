/**
 * The JupyterLab extension (a prebuilt MIME renderer extension, built by scripts/build-jupyterlab.sh
 * into the Python package): it draws `application/vnd.maskmedpaint.gallery+json` outputs, the ones
 * `maskmedpaint.show()` makes, with the same gallery as the VS Code notebook renderer. Ranked
 * before the HTML fallback that the same output carries for other frontends. Safe: it runs no
 * script from the output and draws only thumbnails it made from files the server serves.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { GALLERY_MIME_TYPE } from '../shared/rendererProtocol';
import { GalleryRenderer } from './galleryRenderer';

/** Lower ranks win; JupyterLab's own HTML renderer ranks 50. */
const RANK = 0;

const extension: IRenderMime.IExtension = {
  id: 'maskmedpaint-jupyterlab:gallery',
  rendererFactory: {
    safe: true,
    mimeTypes: [GALLERY_MIME_TYPE],
    defaultRank: RANK,
    createRenderer: (options) => new GalleryRenderer(options),
  },
  rank: RANK,
  dataType: 'json',
};

export default extension;

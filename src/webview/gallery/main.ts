/**
 * Gallery webview entry (dist/webview/gallery.js): registers the vscode-elements components it
 * uses, wires the app to the VS Code API and window events, then says `ready`.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import { acquireTypedApi } from '../common/vscodeApi';
import type { FromGalleryMessage, ToGalleryMessage } from '../../shared/webviewProtocol';
import { GalleryApp, parseGalleryMemory } from './galleryApp';

const root = document.getElementById('root');
if (!root) throw new Error('gallery: #root missing');
const api = acquireTypedApi<FromGalleryMessage>();
const app = new GalleryApp({
  root,
  post: (message) => api.postMessage(message),
  // Scroll position, selection and filter survive the view being hidden and shown again.
  memory: {
    load: () => parseGalleryMemory(api.getState()),
    save: (memory) => api.setState(memory),
  },
});
// Messages come only from the extension host (the webview's own origin); the host validated them.
window.addEventListener('message', (event: MessageEvent<ToGalleryMessage>) =>
  app.handle(event.data),
);
new ResizeObserver(() => app.relayout()).observe(root);
app.start();

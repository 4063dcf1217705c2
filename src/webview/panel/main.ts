/**
 * Review panel entry (dist/webview/panel.js): registers the vscode-elements components it uses,
 * wires the app to the VS Code API, then says `ready`.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { acquireTypedApi } from '../common/vscodeApi';
import type { FromPanelMessage, ToPanelMessage } from '../../shared/webviewProtocol';
import { ReviewApp } from './reviewApp';

const root = document.getElementById('root');
if (!root) throw new Error('review panel: #root missing');
const api = acquireTypedApi<FromPanelMessage>();
const app = new ReviewApp({ root, post: (message) => api.postMessage(message) });
window.addEventListener('message', (event: MessageEvent<ToPanelMessage>) => app.handle(event.data));
app.start();

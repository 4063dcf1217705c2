/** Results view entry (dist/webview/results.js). */
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import { acquireTypedApi } from '../common/vscodeApi';
import type { FromResultsMessage, ToResultsMessage } from '../../shared/webviewProtocol';
import { ResultsApp } from './resultsApp';

const root = document.getElementById('root');
if (!root) throw new Error('results view: #root missing');
const api = acquireTypedApi<FromResultsMessage>();
const app = new ResultsApp({ root, post: (message) => api.postMessage(message) });
window.addEventListener('message', (event: MessageEvent<ToResultsMessage>) =>
  app.handle(event.data),
);
app.start();

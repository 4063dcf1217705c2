/**
 * Host side of the notebook renderer: answers its messages through renderer messaging. Every
 * message is validated; paths must lie inside the workspace folders (or the notebook's folder);
 * thumbnails are sent only when the workspace is trusted.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseRendererMessage, type ToRendererMessage } from '../../shared/rendererProtocol';
import { assertNever } from '../../shared/webviewProtocol';
import { resolvePayload } from './rendererResolve';
import { thumbnailDataUrl } from './thumbnails';
import { VIEW_IDS, type ViewDeps, type ViewsApi } from './types';
import { allowedRoots, confineMessagePath } from './viewRoots';

/** Listens to the renderer and answers; dispose to stop. */
export function registerRendererMessaging(deps: ViewDeps, api: ViewsApi): vscode.Disposable {
  const messaging = vscode.notebooks.createRendererMessaging(VIEW_IDS.renderer);
  return messaging.onDidReceiveMessage(({ editor, message: raw }) => {
    void (async () => {
      const parsed = parseRendererMessage(raw);
      if (!parsed.ok) {
        deps.logger.warn(`notebook renderer: refused message (${parsed.reason})`);
        return;
      }
      const message = parsed.message;
      const notebookUri = editor.notebook.uri;
      const baseDir = notebookUri.scheme === 'file' ? path.dirname(notebookUri.fsPath) : undefined;
      const roots = allowedRoots(deps, baseDir ? [vscode.Uri.file(baseDir)] : []);
      switch (message.type) {
        case 'resolve': {
          if (!baseDir) {
            deps.logger.warn('notebook renderer: notebook is not a local file; nothing resolved');
            return;
          }
          const resolved = await resolvePayload(
            message.payload,
            {
              baseDir,
              trusted: deps.isTrusted(),
              isAllowed: (p) => confineMessagePath(deps, p, roots, 'notebook renderer'),
              thumbnail: (p, dicom) => thumbnailDataUrl(p, undefined, dicom),
              warn: (text) => deps.logger.warn(text),
            },
            message.offset,
          );
          const reply: ToRendererMessage = {
            type: 'resolved',
            requestId: message.requestId,
            ...resolved,
          };
          await messaging.postMessage(reply, editor);
          return;
        }
        case 'openReview':
          if (!(await confineMessagePath(deps, message.manifest, roots, 'notebook renderer')))
            return;
          await api.openReview(vscode.Uri.file(message.manifest), message.itemId);
          return;
        default:
          assertNever(message);
      }
    })().catch((error: unknown) => {
      deps.logger.error(
        `notebook renderer: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  });
}

/**
 * The one place that writes webview HTML and webview options (docs/architecture.md, boundaries):
 * strict CSP with a per-load nonce, scripts only from the bundle folder, styles only from the
 * extension (the vscode-elements components use constructable stylesheets, which CSP allows),
 * images only from the roots the webview may show. Only type imports from vscode, so the pure
 * parts are unit-tested without an editor.
 */
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

/** The webview bundles esbuild writes to dist/webview/<name>.js. */
export type WebviewBundle = 'gallery' | 'panel' | 'results';

/** The subset of vscode.Webview the helper uses (lets tests pass a fake). */
export type WebviewLike = Pick<vscode.Webview, 'cspSource' | 'asWebviewUri'>;

/** A fresh random nonce (base64, 128 bits) for one HTML load. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The Content-Security-Policy: nothing by default; scripts only with the nonce; styles and
 * images and fonts from the webview's resource origin. No 'unsafe-inline', no 'unsafe-eval'.
 */
export function buildCsp(cspSource: string, nonce: string): string {
  if (!/^[A-Za-z0-9+/=]+$/.test(nonce)) throw new Error('CSP nonce must be base64');
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} blob: data:`,
    `font-src ${cspSource}`,
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
  ].join('; ');
}

/**
 * Appends path segments to a URI using only the instance method `with` (Uri.joinPath would need
 * the vscode module at run time, which unit tests do not have).
 */
export function childUri(base: vscode.Uri, ...segments: string[]): vscode.Uri {
  return base.with({ path: [base.path.replace(/\/+$/, ''), ...segments].join('/') });
}

/** Escapes text for element content and double-quoted attributes (`'` is left readable). */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Builds the full HTML document for one webview bundle. */
export function buildWebviewHtml(
  webview: WebviewLike,
  extensionUri: vscode.Uri,
  bundle: WebviewBundle,
  title: string,
): string {
  const nonce = createNonce();
  const script = webview
    .asWebviewUri(childUri(extensionUri, 'dist', 'webview', `${bundle}.js`))
    .toString();
  const styles = [
    webview.asWebviewUri(childUri(extensionUri, 'media', 'webview.css')).toString(),
    webview.asWebviewUri(childUri(extensionUri, 'media', `${bundle}.css`)).toString(),
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(buildCsp(webview.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join('\n')}
<title>${escapeHtml(title)}</title>
</head>
<body data-bundle="${bundle}">
<div id="root" data-testid="${bundle}-root"></div>
<script nonce="${nonce}" src="${escapeHtml(script)}"></script>
</body>
</html>`;
}

/**
 * Webview options: scripts on, and local resources limited to the bundle, media and the folders
 * the view shows (manifest folder, workspace folders the user opened files from).
 */
export function webviewOptions(
  extensionUri: vscode.Uri,
  shownFolders: readonly vscode.Uri[],
): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [
      childUri(extensionUri, 'dist', 'webview'),
      childUri(extensionUri, 'media'),
      ...shownFolders,
    ],
  };
}

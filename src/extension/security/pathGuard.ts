/**
 * Path confinement for everything that crosses a trust boundary (webview and renderer messages):
 * a path is accepted only when its real location, after resolving `..`, symbolic links and case
 * rules of the platform, lies inside one of the allowed roots. The rules themselves live in the
 * core (`core/util/confinedPath.ts`), shared with the CLI's overlap checks and `rerun`; this file
 * adapts them to URIs.
 *
 * The module imports `vscode` for types only, so it runs (and is unit-tested) in plain Node.
 */
import type * as vscode from 'vscode';
import { isInsideRealRoots } from '../../core/util/confinedPath';

export { isSameOrDescendant } from '../../core/util/confinedPath';

/** The part of a `vscode.Uri` the guard needs; plain objects work too (tests, core callers). */
export type UriLike = Pick<vscode.Uri, 'scheme' | 'fsPath'>;

/**
 * True when `uri` resolves inside (or equal to) one of `roots`. Symbolic links are followed on
 * both sides, `..` segments are normalised, and a path that does not exist yet is judged by its
 * deepest existing ancestor (so a file about to be written is checked where it would land).
 * Only `file:` URIs can be inside a root; anything else is refused, and so is a path that cannot
 * be resolved (a link loop).
 */
export async function isInsideRoots(uri: UriLike, roots: readonly UriLike[]): Promise<boolean> {
  if (uri.scheme !== 'file') return false;
  const fileRoots = roots.filter((root) => root.scheme === 'file').map((root) => root.fsPath);
  return isInsideRealRoots(uri.fsPath, fileRoots).catch(() => false);
}

/**
 * Path confinement for everything that crosses a trust boundary (webview and renderer messages,
 * paths read from a manifest): a path is accepted only when its real location, after resolving
 * `..`, symbolic links and case rules of the platform, lies inside one of the allowed roots.
 *
 * The module imports `vscode` for types only, so it runs (and is unit-tested) in plain Node.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';

/** The part of a `vscode.Uri` the guard needs; plain objects work too (tests, core callers). */
export type UriLike = Pick<vscode.Uri, 'scheme' | 'fsPath'>;

/**
 * True when `uri` resolves inside (or equal to) one of `roots`. Symbolic links are followed on
 * both sides, `..` segments are normalised, and a path that does not exist yet is judged by its
 * deepest existing ancestor (so a file about to be written is checked where it would land).
 * Only `file:` URIs can be inside a root; anything else is refused.
 */
export async function isInsideRoots(uri: UriLike, roots: readonly UriLike[]): Promise<boolean> {
  if (uri.scheme !== 'file') return false;
  const candidate = await realPathAllowingMissing(uri.fsPath);
  for (const root of roots) {
    if (root.scheme !== 'file') continue;
    const realRoot = await realPathAllowingMissing(root.fsPath);
    if (isSameOrDescendant(candidate, realRoot)) return true;
  }
  return false;
}

/**
 * Resolves `target` to an absolute real path. Missing trailing segments are resolved against
 * the real path of the deepest ancestor that exists, so symlinked ancestors are still followed.
 */
export async function realPathAllowingMissing(target: string): Promise<string> {
  const absolute = path.resolve(target);
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      const real = await fs.realpath(current);
      return missing.length === 0 ? real : path.join(real, ...missing.reverse());
    } catch (error) {
      if (!isNotFound(error)) throw error;
      const parent = path.dirname(current);
      // Reached the file system root without finding anything that exists.
      if (parent === current) return absolute;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

/** True when `child` equals `root` or lies below it (platform case rules; no prefix tricks). */
export function isSameOrDescendant(child: string, root: string): boolean {
  const fold = (p: string): string => (process.platform === 'win32' ? p.toLowerCase() : p);
  const relative = path.relative(fold(root), fold(child));
  if (relative === '') return true;
  const escapes = relative === '..' || relative.startsWith(`..${path.sep}`);
  return !escapes && !path.isAbsolute(relative);
}

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

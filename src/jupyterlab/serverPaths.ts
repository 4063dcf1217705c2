/**
 * Paths as the Jupyter server names files: POSIX, relative to the server's root, no leading slash.
 * The browser can only ask the server for files under its root, so every payload and manifest
 * path is turned into such a path here, or refused (null) when it would leave the root. The server
 * confines what it serves as well; these checks keep the renderer from even asking.
 */

/** Normalises `.`/`..` segments and slashes; null when the path climbs above the server root. */
export function normalizeServerPath(text: string): string | null {
  const parts: string[] = [];
  for (const part of text.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

/** The folder holding `serverPath` ('' for the root). */
export function serverDirOf(serverPath: string): string {
  const slash = serverPath.lastIndexOf('/');
  return slash < 0 ? '' : serverPath.slice(0, slash);
}

/** True when `child` is `dir` or lies below it (both normalised server paths). */
export function isInsideServerDir(dir: string, child: string): boolean {
  return dir === '' || child === dir || child.startsWith(`${dir}/`);
}

/** True for a POSIX, Windows drive or UNC absolute path. */
function isAbsoluteFileSystemPath(text: string): boolean {
  return text.startsWith('/') || /^[A-Za-z]:[\\/]/.test(text) || text.startsWith('\\\\');
}

/**
 * A path written relative to `baseDir` (a server path), or absolute on the server machine's file
 * system, as a server path. Absolute paths need the server root's absolute location (`serverRoot`,
 * null when the server does not say it, or says it only as `~/...`); outside the root: null.
 */
export function toServerPath(
  text: string,
  baseDir: string,
  serverRoot: string | null,
): string | null {
  if (text.includes('\0')) return null;
  if (!isAbsoluteFileSystemPath(text)) return normalizeServerPath(`${baseDir}/${text}`);
  if (serverRoot === null || !serverRoot.startsWith('/') || !text.startsWith('/')) return null;
  const root = normalizeServerPath(serverRoot);
  const target = normalizeServerPath(text);
  if (root === null || target === null || !isInsideServerDir(root, target)) return null;
  return root === '' ? target : target.slice(root.length + 1);
}

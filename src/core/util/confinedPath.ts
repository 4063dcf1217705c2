/**
 * Confined paths: the one place that decides whether a path may be read or written, judged by
 * its real location (`..` and symbolic links resolved) against allowed roots. The planner's
 * overlap check, `rerun`, the extension's path guard, its views and the review panel's mask save
 * all use it, so a symbolic link cannot lead any of them somewhere another one would refuse.
 */
import { constants as fsConstants, promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from './atomicWrite';

/** Symbolic links followed before giving up (the kernel's own limit on Linux is 40). */
const MAX_LINK_HOPS = 40;

/** A path that may not be used where it was asked for; the message says why. */
export class ConfinementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfinementError';
  }
}

/**
 * Resolves `target` to an absolute real path. Missing trailing segments are resolved against
 * the real path of the deepest ancestor that exists, and a dangling symbolic link is followed to
 * where it points, so a file about to be written is judged where it would really land.
 */
export async function realPathAllowingMissing(target: string): Promise<string> {
  return resolveReal(path.resolve(target), 0);
}

async function resolveReal(absolute: string, hops: number): Promise<string> {
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      const real = await fs.realpath(current);
      return path.join(real, ...[...missing].reverse());
    } catch (error) {
      if (!isNotFound(error)) throw error;
      // A dangling link: once something creates its target, writes below it land there.
      const link = await fs.readlink(current).catch(() => null);
      if (link !== null) {
        if (hops >= MAX_LINK_HOPS)
          throw new ConfinementError(`${absolute}: too many symbolic links`);
        const followed = path.resolve(path.dirname(current), link);
        return resolveReal(path.join(followed, ...[...missing].reverse()), hops + 1);
      }
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

/** True when one of the two paths is the other or lies inside it. */
export function pathsOverlap(a: string, b: string): boolean {
  return isSameOrDescendant(a, b) || isSameOrDescendant(b, a);
}

/** True when `candidate`'s real location lies inside (or equals) one of the roots' real locations. */
export async function isInsideRealRoots(
  candidate: string,
  roots: readonly string[],
): Promise<boolean> {
  const real = await realPathAllowingMissing(candidate);
  for (const root of roots) {
    if (isSameOrDescendant(real, await realPathAllowingMissing(root))) return true;
  }
  return false;
}

/**
 * True when `filePath` is a regular file (links followed; never opened) whose real location lies
 * inside one of `realRoots` (already resolved with {@link realPathAllowingMissing}); false on any
 * error. For showing many files from a list the user opened (a predictions CSV).
 */
export async function isRegularFileInside(
  filePath: string,
  realRoots: readonly string[],
): Promise<boolean> {
  try {
    if (!(await fs.stat(filePath)).isFile()) return false;
    const real = await fs.realpath(filePath);
    return realRoots.some((root) => isSameOrDescendant(real, root));
  } catch {
    return false;
  }
}

/** What a non-regular file is, in words for error messages. */
export function describeFileKind(stats: Stats): string {
  if (stats.isFile()) return 'a regular file';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/**
 * Reads a whole regular file. It is opened non-blocking and checked with `fstat` before any byte
 * is read, so a named pipe or device put where an image should be is refused at once instead of
 * blocking forever. @throws ConfinementError for anything but a regular file.
 */
export async function readRegularFile(filePath: string): Promise<Buffer> {
  // O_NONBLOCK is undefined on Windows, where opening a pipe by path does not block anyway.
  const flags = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);
  const handle = await fs.open(filePath, flags);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new ConfinementError(`${filePath} is ${describeFileKind(stats)}, not a regular file`);
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * Checks that writing `filePath` writes exactly that file inside `root`: the path lies inside the
 * root, no symbolic link sits between the root and the file (so the write cannot land elsewhere,
 * and a message naming `filePath` names the file really written), and whatever already exists
 * there is a regular file that an atomic rename may replace.
 * @returns the absolute path to write.
 * @throws ConfinementError naming the path and the reason.
 */
export async function assertConfinedWrite(root: string, filePath: string): Promise<string> {
  const lexicalRoot = path.resolve(root);
  const lexical = path.resolve(filePath);
  if (lexical === lexicalRoot || !isSameOrDescendant(lexical, lexicalRoot)) {
    throw new ConfinementError(`${lexical} lies outside ${lexicalRoot}`);
  }
  const realRoot = await realPathAllowingMissing(lexicalRoot);
  const parent = path.dirname(lexical);
  const expectedParent = path.join(realRoot, path.relative(lexicalRoot, parent));
  const realParent = await realPathAllowingMissing(parent);
  if (realParent !== expectedParent) {
    throw new ConfinementError(
      `${lexical} would be written through a symbolic link (it leads to ${path.join(realParent, path.basename(lexical))})`,
    );
  }
  const existing = await fs.lstat(lexical).catch((error: unknown) => {
    if (isNotFound(error)) return null;
    throw error;
  });
  if (existing && !existing.isFile()) {
    throw new ConfinementError(
      `${lexical} is ${describeFileKind(existing)}; only a regular file may be replaced`,
    );
  }
  return lexical;
}

/**
 * Writes `data` to `filePath` atomically after {@link assertConfinedWrite} accepted it. The check
 * runs again once the parent folders exist, so a link that appeared meanwhile is still refused.
 * @returns the path written.
 */
export async function writeFileConfined(
  root: string,
  filePath: string,
  data: Uint8Array | string,
): Promise<string> {
  const target = await assertConfinedWrite(root, filePath);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await assertConfinedWrite(root, target);
  await writeFileAtomic(target, data);
  return target;
}

/** ENOENT or ENOTDIR: the path (or one of its parents) does not exist as asked. */
export function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

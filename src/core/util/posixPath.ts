/**
 * Path helpers that keep everything the product records (manifest paths, plan order) independent
 * of the operating system and of the user's locale.
 */
import * as path from 'node:path';
import { isSameOrDescendant } from './confinedPath';

/** Converts a native relative path to POSIX separators (manifests and CSVs always use '/'). */
export function toPosix(relativePath: string): string {
  return relativePath.split(path.sep).join('/');
}

/** `path.relative` with POSIX separators; '.' for the same folder. */
export function relativePosix(from: string, to: string): string {
  const rel = toPosix(path.relative(from, to));
  return rel === '' ? '.' : rel;
}

/**
 * Orders strings by UTF-16 code units. Unlike `localeCompare` this gives the same order on every
 * machine, which keeps plans (and therefore seeds and target picks) reproducible.
 */
export function compareCodeUnits(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/**
 * True when `child` is `parent` itself or lies below it (after resolving both, lexically).
 * @deprecated The rule lives in `confinedPath.ts` (`isSameOrDescendant`, and real-path checks for
 * anything that may contain symbolic links); this forwards to it.
 */
export function isSameOrInside(parent: string, child: string): boolean {
  return isSameOrDescendant(path.resolve(child), path.resolve(parent));
}

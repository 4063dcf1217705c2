/**
 * Temporary folders for unit tests, under the OS temp folder and removed after the calling
 * file's tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/** One folder `mmp-<prefix>-XXXXXX` for the whole file; returns `name` -> path inside it. */
export function useTempDir(prefix: string): (name: string) => string {
  const dir = mkdtempSync(join(tmpdir(), `mmp-${prefix}-`));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return (name: string) => join(dir, name);
}

/** Returns a function that makes a new empty folder `mmp-<prefix>-XXXXXX` on every call. */
export function freshTempDirs(prefix: string): () => string {
  const made: string[] = [];
  after(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), `mmp-${prefix}-`));
    made.push(dir);
    return dir;
  };
}

/** A per-test-file temporary folder, removed after the file's tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

export function useTempDir(prefix: string): (name: string) => string {
  const dir = mkdtempSync(join(tmpdir(), `mmp-${prefix}-`));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return (name: string) => join(dir, name);
}

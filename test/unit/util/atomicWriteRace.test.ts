import assert from 'node:assert/strict';
import { existsSync, promises as fsp, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, mock, test } from 'node:test';
import { TempFileRemovedError, writeFileAtomic } from '../../../src/core/util/atomicWrite';
import { freshTempDirs } from '../helpers/tempDir';

const dirs = freshTempDirs('atomic');
afterEach(() => mock.restoreAll());

/** Makes the next rename find its source gone, as when another run cleans the folder first. */
function removeTempBeforeRename(): void {
  const rename = fsp.rename.bind(fsp);
  mock.method(fsp, 'rename', async (from: string, to: string) => {
    await fsp.rm(from);
    return rename(from, to);
  });
}

test('a temp file removed by another process before the rename is a TempFileRemovedError; the old file stays', async () => {
  const dir = dirs();
  const target = join(dir, 'maskmedpaint.json');
  writeFileSync(target, 'old');
  removeTempBeforeRename();
  await assert.rejects(writeFileAtomic(target, 'new'), (error: unknown) => {
    assert.ok(error instanceof TempFileRemovedError, String(error));
    assert.equal(error.destination, target);
    assert.match(error.message, /removed by another process .* \(is another run using /);
    return true;
  });
  assert.equal(readFileSync(target, 'utf8'), 'old');
  assert.deepEqual(readdirSync(dir), ['maskmedpaint.json']);
});

test('a folder removed while writing is reported as the file-system error it is', async () => {
  const dir = join(dirs(), 'out');
  const target = join(dir, 'a.png');
  const rename = fsp.rename.bind(fsp);
  mock.method(fsp, 'rename', async (from: string, to: string) => {
    await fsp.rm(dir, { recursive: true });
    return rename(from, to);
  });
  await assert.rejects(writeFileAtomic(target, 'x'), (error: unknown) => {
    assert.ok(!(error instanceof TempFileRemovedError));
    assert.equal((error as NodeJS.ErrnoException).code, 'ENOENT');
    return true;
  });
  assert.equal(existsSync(dir), false);
});

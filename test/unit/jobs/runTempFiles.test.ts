import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { removeRunTempFiles } from '../../../src/core/jobs/runTempFiles';
import { TEMP_SUFFIX } from '../../../src/core/util/atomicWrite';

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

test("a run folder's temp files are removed from every folder a run writes, nothing else", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mmp-run-temp-'));
  const write = (rel: string): void => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), 'x');
  };
  const kept = [
    'maskmedpaint.json',
    'images/benign/a__k0.png',
    'regions/benign/a__k0.png',
    'edited-masks/benign/a__k0.png',
    // Not a run folder of ours: a user's file that happens to share the suffix stays.
    `notes/draft${TEMP_SUFFIX}`,
  ];
  for (const rel of kept) write(rel);
  const strays = [
    `.maskmedpaint.json.0a1b2c${TEMP_SUFFIX}`,
    `images/benign/.a__k1.png.0a1b2c${TEMP_SUFFIX}`,
    `regions/benign/.a__k1.png.0a1b2c${TEMP_SUFFIX}`,
    `edited-masks/benign/.a__k1.png.0a1b2c${TEMP_SUFFIX}`,
  ];
  for (const rel of strays) write(rel);

  assert.equal(await removeRunTempFiles(dir), strays.length);
  assert.deepEqual(files(dir), [...kept].sort());
  assert.equal(await removeRunTempFiles(dir), 0, 'a second sweep finds nothing');
});

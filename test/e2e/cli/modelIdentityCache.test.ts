/**
 * A run identifies its model through the per-user hash cache: with a remembered hash for the
 * model file (the same path, size, times and inode), the manifest records that hash without the
 * file being read again.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { MODEL_HASH_CACHE_FILE } from '../../../src/core/jobs/modelHashCache';
import type { Manifest } from '../../../src/shared/manifest';
import { makeDataset, type TestDataset } from '../../unit/jobs/helpers/makeDataset';
import { buildCli, cliModelCache, removeCli, runCliProcess } from '../helpers/cliHarness';

const LAMA = path.join(__dirname, '..', '..', 'fixtures', 'inpainters', 'tiny_lama.onnx');
let root: string;
let dataset: TestDataset;

before(async () => {
  await buildCli();
  root = mkdtempSync(path.join(tmpdir(), 'mmp-identity-cache-'));
  dataset = await makeDataset(root, { perClass: 1, maskSuffix: '_segmentation' });
});
after(() => {
  removeCli();
  rmSync(root, { recursive: true, force: true });
});

test('the manifest takes the model hash the cache remembers for the unchanged file', async () => {
  const stat = statSync(LAMA, { bigint: true });
  const remembered = 'c'.repeat(64);
  mkdirSync(cliModelCache, { recursive: true });
  const entry = {
    size: Number(stat.size),
    mtimeNs: String(stat.mtimeNs),
    ctimeNs: String(stat.ctimeNs),
    ino: String(stat.ino),
    sha256: remembered,
  };
  writeFileSync(
    path.join(cliModelCache, MODEL_HASH_CACHE_FILE),
    JSON.stringify({ version: 1, files: { [LAMA]: entry } }),
  );
  const out = path.join(root, 'out');
  const result = await runCliProcess([
    ...['augment', '--source', dataset.source, '--target', dataset.target, '--out', out],
    ...['--masks', dataset.masks, '--mask-suffix', '_segmentation'],
    ...['--engine', 'lama', '--model', LAMA, '--provider', 'cpu'],
  ]);
  assert.equal(result.code, 0, result.stderr);
  const manifest = JSON.parse(
    readFileSync(path.join(out, 'maskmedpaint.json'), 'utf8'),
  ) as Manifest;
  assert.deepEqual(manifest.model, { id: 'tiny_lama.onnx', sha256: remembered });
});

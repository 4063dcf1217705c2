// The copyBackground engine through the real CLI: chosen by its registry id alone.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Manifest } from '../../../src/shared/manifest';
import { makeDataset } from '../../unit/jobs/helpers/makeDataset';
import { buildCli, removeCli, runCliProcess } from '../helpers/cliHarness';

describe('maskmedpaint augment --engine copyBackground', () => {
  let root: string;
  before(async () => {
    await buildCli();
    root = mkdtempSync(path.join(tmpdir(), 'mmp-copy-background-'));
  });
  after(() => {
    removeCli();
    rmSync(root, { recursive: true, force: true });
  });

  it('runs from the registry alone: no model, recorded in the manifest', async () => {
    const dataset = await makeDataset(root, { perClass: 1, maskSuffix: '_segmentation' });
    const out = path.join(root, 'out');
    const result = await runCliProcess([
      ...['augment', '--source', dataset.source, '--target', dataset.target, '--out', out],
      ...['--masks', dataset.masks, '--mask-suffix', '_segmentation'],
      ...['--engine', 'copyBackground', '--per-image', '2'],
    ]);
    assert.equal(result.code, 0, result.stderr);
    const manifest = JSON.parse(
      readFileSync(path.join(out, 'maskmedpaint.json'), 'utf8'),
    ) as Manifest;
    assert.equal(manifest.recipe.engine, 'copyBackground');
    assert.equal(manifest.model, null);
    assert.ok(manifest.items.length >= 2);
    assert.ok(manifest.items.every((item) => item.status !== 'failed'));
  });
});

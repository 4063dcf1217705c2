/**
 * The CLI as the extension runs it: `rerun` of a dermoscopy item (the review panel's brush tool)
 * reproduces the original bytes, and a resumed `augment` says which edited sources it regenerates.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import type { JobEvent } from '../../../src/shared/jobEvents';
import type { Manifest } from '../../../src/shared/manifest';
import { buildCli, removeCli, runCliProcess } from '../cli/cliHarness';
import { makeDataset, type TestDataset } from './helpers/makeDataset';

before(buildCli);
after(removeCli);

const SUFFIX = '_segmentation';

function augmentArgs(dataset: TestDataset, out: string): string[] {
  return [
    'augment',
    ...['--source', dataset.source, '--target', dataset.target, '--out', out],
    ...['--masks', dataset.masks, '--target-masks', dataset.targetMasks, '--mask-suffix', SUFFIX],
    ...['--preset', 'dermoscopy', '--engine', 'composite', '--per-image', '2'],
  ];
}

const readManifestJson = (file: string): Manifest =>
  JSON.parse(readFileSync(file, 'utf8')) as Manifest;

test('`rerun` of a dermoscopy item with its own mask reproduces the original image byte for byte', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mmp-cli-rerun-derm-'));
  const dataset = await makeDataset(root, { perClass: 1, maskSuffix: SUFFIX, targetMasks: true });
  const out = path.join(root, 'out');
  const augment = await runCliProcess(augmentArgs(dataset, out));
  assert.equal(augment.code, 0, augment.stderr);
  const manifestPath = path.join(out, 'maskmedpaint.json');
  const item = readManifestJson(manifestPath).items.find((i) => i.id === 'benign/img_0__1');
  assert.ok(item?.output && item.mask && item.targetMask);
  const original = readFileSync(path.join(out, item.output));

  const rerun = await runCliProcess([
    ...['rerun', manifestPath, item.id, '--mask', path.join(out, item.mask), '--json'],
  ]);
  assert.equal(rerun.code, 0, rerun.stderr);
  const events = rerun.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as JobEvent);
  assert.ok(events.some((event) => event.type === 'itemDone' && event.id === item.id));
  assert.ok(readFileSync(path.join(out, item.output)).equals(original));
  assert.equal(
    readManifestJson(manifestPath).items.find((i) => i.id === item.id)?.sha256,
    item.sha256,
  );
});

test('a resumed `augment` names the source edited in place and regenerates only its images', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mmp-cli-source-change-'));
  const dataset = await makeDataset(root, { perClass: 1, maskSuffix: SUFFIX, targetMasks: true });
  const out = path.join(root, 'out');
  assert.equal((await runCliProcess(augmentArgs(dataset, out))).code, 0);
  await sharp({ create: { width: 32, height: 32, channels: 3, background: '#c83c1e' } })
    .png()
    .toFile(path.join(dataset.source, 'malignant', 'img_0.png'));

  const resumed = await runCliProcess(augmentArgs(dataset, out));
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(
    resumed.stderr,
    /note: \.\.\/source\/malignant\/img_0\.png changed since its outputs were made \(its size changed\); regenerating its 2 image\(s\)/,
  );
  assert.match(resumed.stdout, /2 generated, 0 failed, 2 already done/);
});

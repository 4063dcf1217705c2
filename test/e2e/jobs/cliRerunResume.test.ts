/**
 * The CLI as the extension runs it: `rerun` of a dermoscopy item (the review panel's brush tool)
 * reproduces the original bytes, and a resumed `augment` says which edited sources it regenerates.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import type { JobEvent } from '../../../src/shared/jobEvents';
import type { Manifest } from '../../../src/shared/manifest';
import { buildCli, removeCli, runCliProcess } from '../helpers/cliHarness';
import { makeDataset, type TestDataset } from '../../unit/jobs/helpers/makeDataset';

before(async () => {
  await buildCli();
});
after(removeCli);

const SUFFIX = '_segmentation';
const TINY_SD = path.resolve(__dirname, '..', '..', 'fixtures', 'sd-tiny', 'optimum-9ch');

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

test('`rerun` finds a diffusion model named by id where `augment` found it, and reproduces the image', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mmp-cli-rerun-sd-'));
  const dataset = await makeDataset(root, { perClass: 1, maskSuffix: SUFFIX, targetMasks: true });
  // A model known only by its id, in a model search folder (as `maskmedpaint models` installs them).
  cpSync(TINY_SD, path.join(root, 'models', 'tiny-sd'), { recursive: true });
  process.env.MASKMEDPAINT_MODEL_SEARCH_PATHS = path.join(root, 'models');
  const out = path.join(root, 'out');
  const augment = await runCliProcess([
    ...augmentArgs(dataset, out).filter((arg) => arg !== 'composite' && arg !== '--engine'),
    ...['--engine', 'diffusion', '--model', 'tiny-sd', '--steps', '2', '--provider', 'cpu'],
  ]);
  assert.equal(augment.code, 0, augment.stderr);
  const manifestPath = path.join(out, 'maskmedpaint.json');
  const manifest = readManifestJson(manifestPath);
  assert.equal(manifest.recipe.diffusion.model, 'tiny-sd');
  const item = manifest.items.find((i) => i.id === 'malignant/img_0__0');
  assert.ok(item?.output && item.mask && item.targetMask);
  const original = readFileSync(path.join(out, item.output));

  const rerun = await runCliProcess([
    'rerun',
    manifestPath,
    item.id,
    '--mask',
    path.join(out, item.mask),
  ]);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.ok(readFileSync(path.join(out, item.output)).equals(original));
});

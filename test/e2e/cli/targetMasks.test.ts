/**
 * `augment` and the target images' own masks (the dermoscopy preset fills each target's lesion
 * before compositing): required when the recipe needs them, and picked up from the manifest a run
 * is reproduced (`--recipe OUT/maskmedpaint.json`) or resumed from when --target-masks is not given.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { JobEvent } from '../../../src/shared/jobEvents';
import type { Manifest } from '../../../src/shared/manifest';
import { makeDataset, type TestDataset } from '../../unit/jobs/helpers/makeDataset';
import { buildCli, removeCli, runCliProcess } from '../helpers/cliHarness';

const SUFFIX = '_segmentation';
let root: string;
let dataset: TestDataset;

before(async () => {
  await buildCli();
  root = mkdtempSync(path.join(tmpdir(), 'mmp-cli-target-masks-'));
  dataset = await makeDataset(root, { perClass: 1, maskSuffix: SUFFIX, targetMasks: true });
});
after(() => {
  removeCli();
  rmSync(root, { recursive: true, force: true });
});

/** Source, masks and targets of the dermoscopy preset on the composite engine; no target masks. */
const dermoscopyArgs = (out: string): string[] => [
  'augment',
  ...['--source', dataset.source, '--target', dataset.target, '--out', out],
  ...['--masks', dataset.masks, '--mask-suffix', SUFFIX],
  ...['--preset', 'dermoscopy', '--engine', 'composite', '--per-image', '1', '--json'],
];

const readManifest = (out: string): Manifest =>
  JSON.parse(readFileSync(path.join(out, 'maskmedpaint.json'), 'utf8')) as Manifest;

const lastEvent = (stdout: string): JobEvent =>
  JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as JobEvent;

/** The target-masks folder a manifest recorded, as an absolute path. */
const recordedFolder = (out: string): string | undefined => {
  const recorded = readManifest(out).inputs.targetMasks;
  return typeof recorded === 'string' ? path.resolve(out, recorded) : undefined;
};

test('the dermoscopy preset without target masks is a usage error naming --target-masks', async () => {
  const out = path.join(root, 'none');
  const result = await runCliProcess(dermoscopyArgs(out));
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /--target-masks DIR/);
  assert.match(result.stderr, /dermoscopy/);
});

test('--no-fill-target runs without target masks and records the choice in the recipe', async () => {
  const out = path.join(root, 'no-fill');
  const result = await runCliProcess([...dermoscopyArgs(out), '--no-fill-target']);
  assert.equal(result.code, 0, result.stderr);
  const manifest = readManifest(out);
  assert.equal(manifest.recipe.composite.fillTargetKeyRegion, false);
  assert.equal(manifest.inputs.targetMasks, null);
});

test('a rerun from the written manifest uses its recorded target masks and says so', async () => {
  const first = path.join(root, 'first');
  const original = await runCliProcess([
    ...dermoscopyArgs(first),
    ...['--target-masks', dataset.targetMasks],
  ]);
  assert.equal(original.code, 0, original.stderr);
  assert.equal(recordedFolder(first), dataset.targetMasks);

  const again = path.join(root, 'again');
  const rerun = await runCliProcess([
    'augment',
    ...['--source', dataset.source, '--target', dataset.target, '--out', again],
    ...['--masks', dataset.masks, '--mask-suffix', SUFFIX, '--json'],
    ...['--recipe', path.join(first, 'maskmedpaint.json')],
  ]);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.ok(
    rerun.stderr.includes(`note: target masks: ${dataset.targetMasks}`),
    `the folder used is printed: ${rerun.stderr}`,
  );
  const manifest = readManifest(again);
  assert.equal(manifest.recipe.preset, 'dermoscopy');
  assert.equal(recordedFolder(again), dataset.targetMasks);
  // Every item used the same target image and target mask as the run it reproduces.
  const firstItems = readManifest(first).items;
  assert.deepEqual(
    manifest.items.map((item) => [item.id, item.targetMask !== null, item.sha256]),
    firstItems.map((item) => [item.id, true, item.sha256]),
  );
});

test('resuming into the same --out without --target-masks keeps the recorded folder (nothing redone)', async () => {
  const out = path.join(root, 'resume');
  const args = dermoscopyArgs(out);
  const first = await runCliProcess([...args, '--target-masks', dataset.targetMasks]);
  assert.equal(first.code, 0, first.stderr);
  const resumed = await runCliProcess(args);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /note: target masks: .*maskmedpaint\.json/);
  const finished = lastEvent(resumed.stdout);
  assert.equal(finished.type, 'finished');
  assert.equal(finished.type === 'finished' ? finished.done : -1, 0);
  assert.equal(finished.type === 'finished' ? finished.skipped : -1, 2);
});

test('a recorded target masks folder that is gone, or masks that match no target, are usage errors', async () => {
  const out = path.join(root, 'moved');
  const masks = path.join(root, 'moved-masks');
  const first = await runCliProcess([
    ...dermoscopyArgs(out),
    ...['--target-masks', dataset.targetMasks],
  ]);
  assert.equal(first.code, 0, first.stderr);
  renameSync(dataset.targetMasks, masks);
  try {
    const gone = await runCliProcess([
      ...dermoscopyArgs(path.join(root, 'moved-again')),
      ...['--recipe', path.join(out, 'maskmedpaint.json')],
    ]);
    assert.equal(gone.code, 2, gone.stderr);
    assert.match(gone.stderr, /inputs\.targetMasks .*does not exist: give --target-masks DIR/);
  } finally {
    renameSync(masks, dataset.targetMasks);
  }
  // The target masks are named with the suffix; without --mask-suffix none of them matches.
  const unmatched = await runCliProcess([
    'augment',
    ...['--source', dataset.source, '--target', dataset.target],
    ...['--out', path.join(root, 'unmatched'), '--target-masks', dataset.targetMasks],
    ...['--per-class', 'benign=whole', '--per-class', 'malignant=whole', '--preset', 'dermoscopy'],
  ]);
  assert.equal(unmatched.code, 2, unmatched.stderr);
  assert.match(unmatched.stderr, /no target image has a mask in .*target-masks/);
});

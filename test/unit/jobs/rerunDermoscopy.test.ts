import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { scanSource } from '../../../src/core/dataset/scanSource';
import { scanTargets } from '../../../src/core/dataset/scanTargets';
import { readManifest } from '../../../src/core/jobs/manifestStore';
import { planJob } from '../../../src/core/jobs/planJob';
import { rerunItem } from '../../../src/core/jobs/rerunItem';
import { resolveRecipe } from '../../../src/core/recipe/resolveRecipe';
import { makeDataset, type TestDataset } from './helpers/makeDataset';
import { runPlan } from './helpers/runHelpers';

const SUFFIX = '_segmentation';

/** The dermoscopy preset on the composite engine (target lesions filled before compositing). */
const dermoscopy = resolveRecipe('dermoscopy', { engine: 'composite', perImage: 2 });

async function runDermoscopy(dataset: TestDataset, out: string, withTargetMasks: boolean) {
  const source = await scanSource(dataset.source, { masksDir: dataset.masks, maskSuffix: SUFFIX });
  const targets = await scanTargets(dataset.target, {
    ...(withTargetMasks ? { masksDir: dataset.targetMasks } : {}),
    maskSuffix: SUFFIX,
  });
  const { summary } = await runPlan(
    await planJob({ source, targets, recipe: dermoscopy, outDir: out }),
  );
  assert.equal(summary.failed, 0, JSON.stringify(summary.failures));
  return path.join(out, 'maskmedpaint.json');
}

test('dermoscopy preset: the manifest records the target masks, and a rerun with the same mask reproduces the image byte for byte', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mmp-rerun-derm-'));
  const dataset = await makeDataset(root, {
    perClass: 1,
    size: 48,
    maskSuffix: SUFFIX,
    targetMasks: true,
  });
  const manifestPath = await runDermoscopy(dataset, path.join(root, 'out'), true);
  const manifest = await readManifest(manifestPath);
  assert.equal(manifest.inputs.targetMasks, '../target-masks');
  const item = manifest.items.find((candidate) => candidate.id === 'malignant/img_0__1');
  assert.ok(item?.output && item.mask && item.target);
  assert.equal(
    item.targetMask,
    `../target-masks/${path.posix.basename(item.target, '.png')}${SUFFIX}.png`,
  );

  // The target's own lesion matters: without its mask the same item comes out different, so the
  // byte comparison below would notice a rerun that lost the target mask.
  const withoutMasks = await readManifest(
    await runDermoscopy(dataset, path.join(root, 'out-no-target-masks'), false),
  );
  assert.equal(withoutMasks.inputs.targetMasks, null);
  const unfilled = withoutMasks.items.find((candidate) => candidate.id === item.id);
  assert.equal(unfilled?.targetMask, undefined);
  assert.notEqual(unfilled?.sha256, item.sha256);

  const outputPath = path.join(root, 'out', item.output);
  const original = readFileSync(outputPath);
  const result = await rerunItem(manifestPath, item.id, path.resolve(root, 'out', item.mask));
  assert.ok(result.ok, result.ok ? '' : result.error);
  assert.ok(readFileSync(outputPath).equals(original), 'the rerun reproduced the original bytes');
  assert.equal(result.item.sha256, item.sha256);
  assert.equal(result.item.targetMask, item.targetMask);
  assert.deepEqual(result.item.sourceFingerprint, item.sourceFingerprint);
});

test('resuming with target masks that the earlier run lacked regenerates its outputs instead of keeping them', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mmp-resume-derm-'));
  const dataset = await makeDataset(root, { perClass: 1, maskSuffix: SUFFIX, targetMasks: true });
  const out = path.join(root, 'out');
  await runDermoscopy(dataset, out, false);
  const source = await scanSource(dataset.source, { masksDir: dataset.masks, maskSuffix: SUFFIX });
  const targets = await scanTargets(dataset.target, {
    masksDir: dataset.targetMasks,
    maskSuffix: SUFFIX,
  });
  const { summary } = await runPlan(
    await planJob({ source, targets, recipe: dermoscopy, outDir: out }),
  );
  assert.equal(summary.skipped, 0);
  assert.equal(summary.done, 4);
  const manifest = await readManifest(path.join(out, 'maskmedpaint.json'));
  assert.ok(manifest.items.every((item) => item.targetMask?.startsWith('../target-masks/')));
});

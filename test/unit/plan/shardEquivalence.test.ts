import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { readManifest } from '../../../src/core/jobs/manifestStore';
import { mergeShards } from '../../../src/core/plan/mergeShards';
import { freshTempDirs } from '../helpers/tempDir';
import { makeDataset } from '../jobs/helpers/makeDataset';
import { planFor, runPlan, testRecipe } from '../jobs/helpers/runHelpers';
import { assertSameRun, runTestShard, writeTestPlan } from './planHelpers';

const tempDir = freshTempDirs('plan-equal');

test('the same items give the same run in one process and in 1, 3 or one-per-source shards', async () => {
  const root = tempDir();
  // Three classes of two, one class of one: shards of unequal sources and a label folder split.
  const dataset = await makeDataset(root, { classes: ['a', 'b', 'c'], perClass: 2, targets: 4 });
  const single = path.join(root, 'single');
  await runPlan(await planFor(dataset, single));
  for (const shards of [1, 3, 6]) {
    const out = path.join(root, `merged-${shards}`);
    const loaded = await writeTestPlan(dataset, out, path.join(root, `plan-${shards}`), shards);
    // Out of order, as a scheduler may run them.
    for (let i = shards - 1; i >= 0; i--) await runTestShard(loaded, i);
    const summary = await mergeShards(loaded, out);
    assert.deepEqual(
      { items: summary.items, generated: summary.generated, failed: summary.failed },
      { items: 12, generated: 12, failed: 0 },
    );
    assertSameRun(out, single);
    assert.equal(readdirSync(path.join(root, `plan-${shards}`, 'shards')).length, shards);
  }
});

test("merged records carry the merged copy's file state (what a resume trusts), not the shard file's", async () => {
  const root = tempDir();
  const dataset = await makeDataset(root, { perClass: 2 });
  const out = path.join(root, 'merged');
  const loaded = await writeTestPlan(dataset, out, path.join(root, 'plan'), 2);
  await runTestShard(loaded, 0);
  await runTestShard(loaded, 1);
  await mergeShards(loaded, out);
  const { items } = await readManifest(path.join(out, 'maskmedpaint.json'));
  assert.equal(items.length, 8);
  for (const item of items) {
    assert.ok(item.output);
    const { size, mtimeMs, ctimeMs } = statSync(path.join(out, item.output));
    assert.deepEqual(item.outputStat, { size, mtimeMs, ctimeMs }, item.id);
  }
});

test('merging again changes nothing and copies nothing', async () => {
  const root = tempDir();
  const dataset = await makeDataset(root, { perClass: 2 });
  const out = path.join(root, 'merged');
  const loaded = await writeTestPlan(dataset, out, path.join(root, 'plan'), 2);
  await runTestShard(loaded, 0);
  await runTestShard(loaded, 1);
  await mergeShards(loaded, out);
  const again = await mergeShards(loaded, out);
  assert.deepEqual({ copied: again.copied, kept: again.kept }, { copied: 0, kept: 8 });
});

test('DICOM outputs (UIDs keyed by the run) are the same bytes in 1 or 4 shards of a plan made at one time', async () => {
  const root = tempDir();
  const dataset = await makeDataset(root, { perClass: 2 });
  const recipe = testRecipe({ outputFormat: 'dicom' });
  const merged: string[] = [];
  for (const shards of [1, 4]) {
    const out = path.join(root, `merged-${shards}`);
    // writeTestPlan gives every plan the same creation time, the key of the derived UIDs.
    const loaded = await writeTestPlan(
      dataset,
      out,
      path.join(root, `plan-${shards}`),
      shards,
      recipe,
    );
    for (let i = 0; i < shards; i++) await runTestShard(loaded, i);
    await mergeShards(loaded, out);
    merged.push(out);
  }
  assert.ok(
    readdirSync(path.join(merged[0] ?? '', 'images', 'benign')).every((f) => f.endsWith('.dcm')),
  );
  assertSameRun(merged[1] ?? '', merged[0] ?? '');
});

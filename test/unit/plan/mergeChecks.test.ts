import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Manifest } from '../../../src/shared/manifest';
import { appendDecision } from '../../../src/core/jobs/decisionJournal';
import { readManifest } from '../../../src/core/jobs/manifestStore';
import { MergeError, mergeShards } from '../../../src/core/plan/mergeShards';
import { shardFolder, type LoadedPlan } from '../../../src/core/plan/planFile';
import { freshTempDirs } from '../helpers/tempDir';
import { makeDataset, writeRgbPng } from '../jobs/helpers/makeDataset';
import { runTestShard, writeTestPlan } from './planHelpers';

const tempDir = freshTempDirs('plan-merge');

async function finishedPlan(): Promise<{ root: string; out: string; loaded: LoadedPlan }> {
  const root = tempDir();
  const dataset = await makeDataset(root, { perClass: 2 });
  const out = path.join(root, 'out');
  const loaded = await writeTestPlan(dataset, out, path.join(root, 'plan'), 2);
  await runTestShard(loaded, 0);
  await runTestShard(loaded, 1);
  return { root, out, loaded };
}

function shardManifest(loaded: LoadedPlan, index: number): { file: string; value: Manifest } {
  const file = path.join(shardFolder(loaded, index), 'maskmedpaint.json');
  return { file, value: JSON.parse(readFileSync(file, 'utf8')) as Manifest };
}

async function mergeProblems(loaded: LoadedPlan, out: string): Promise<string> {
  try {
    await mergeShards(loaded, out);
  } catch (error) {
    assert.ok(error instanceof MergeError, String(error));
    assert.equal(existsSync(path.join(out, 'maskmedpaint.json')), false, 'nothing merged');
    return error.problems.join('\n');
  }
  assert.fail('the merge went through');
}

test('merge refuses while a shard has not finished, naming it as one to run', async () => {
  const root = tempDir();
  const dataset = await makeDataset(root, { perClass: 2 });
  const out = path.join(root, 'out');
  const loaded = await writeTestPlan(dataset, out, path.join(root, 'plan'), 2);
  await runTestShard(loaded, 0);
  await assert.rejects(mergeShards(loaded, out), (error: unknown) => {
    assert.ok(error instanceof MergeError);
    assert.deepEqual(error.problems, ['shard 1: missing (not started)']);
    assert.deepEqual(error.shardsToRun, [1]);
    return true;
  });
});

test('merge finds an output changed after its shard recorded it', async () => {
  const { out, loaded } = await finishedPlan();
  const image = path.join(shardFolder(loaded, 1), 'images', 'malignant', 'img_0__k1.png');
  await writeRgbPng(image, 32, 77);
  assert.match(
    await mergeProblems(loaded, out),
    /item "malignant\/img_0__1": \S+img_0__k1\.png changed after its shard recorded it/,
  );
});

test('merge finds missing items, foreign items and items made from other inputs', async () => {
  const { out, loaded } = await finishedPlan();
  const { file, value } = shardManifest(loaded, 0);
  const [first, second, ...rest] = value.items;
  assert.ok(first && second);
  writeFileSync(
    file,
    JSON.stringify({
      ...value,
      items: [{ ...first, seed: first.seed + 1 }, { ...second, id: 'stranger__0' }, ...rest],
    }),
  );
  const problems = await mergeProblems(loaded, out);
  assert.match(
    problems,
    new RegExp(`shard 0: item "${first.id}" was made from another seed than planned`),
  );
  assert.match(problems, /shard 0: item "stranger__0" is not one of the shard's items/);
  assert.match(problems, new RegExp(`shard 0: item "${second.id}" is missing from its manifest`));
});

test('merge refuses an output that leads out of its shard folder', async () => {
  const { root, out, loaded } = await finishedPlan();
  const { value } = shardManifest(loaded, 0);
  const output = value.items[0]?.output;
  assert.ok(output);
  const outside = path.join(root, 'outside.png');
  writeFileSync(outside, readFileSync(path.join(shardFolder(loaded, 0), output)));
  rmSync(path.join(shardFolder(loaded, 0), output));
  symlinkSync(outside, path.join(shardFolder(loaded, 0), output));
  assert.match(await mergeProblems(loaded, out), /field "output": .* outside the run folder/);
});

test("merging again keeps the merged run's review decisions and adds a rerun shard", async () => {
  const { out, loaded } = await finishedPlan();
  await mergeShards(loaded, out);
  const merged = await readManifest(path.join(out, 'maskmedpaint.json'));
  const item = merged.items[0];
  assert.ok(item?.sha256);
  await appendDecision(out, {
    id: item.id,
    status: 'approved',
    sha256: item.sha256,
    decidedAt: '2026-02-03T04:05:06.000Z',
    decidedBy: 'os:tester',
  });
  // Shard 1 is run again from scratch (its folder lost): merge again.
  rmSync(shardFolder(loaded, 1), { recursive: true });
  await runTestShard(loaded, 1);
  const again = await mergeShards(loaded, out);
  assert.equal(again.kept, 8);
  const after = await readManifest(path.join(out, 'maskmedpaint.json'));
  assert.equal(after.items[0]?.status, 'approved');
  assert.match(
    readFileSync(path.join(out, 'augmented-for-training.csv'), 'utf8'),
    new RegExp(item.id),
  );
});

test('merge refuses an --out that overlaps the plan folder or holds another run', async () => {
  const { root, loaded } = await finishedPlan();
  await assert.rejects(
    mergeShards(loaded, path.join(loaded.dir, 'merged')),
    /overlaps the plan's folder/,
  );
  const other = path.join(root, 'other');
  await mergeShards(loaded, other);
  const manifest = JSON.parse(
    readFileSync(path.join(other, 'maskmedpaint.json'), 'utf8'),
  ) as Manifest;
  writeFileSync(
    path.join(other, 'maskmedpaint.json'),
    JSON.stringify({ ...manifest, createdAt: '2020-01-01T00:00:00.000Z' }),
  );
  await assert.rejects(
    mergeShards(loaded, other),
    /holds another run \(not a merge of this plan\)/,
  );
});

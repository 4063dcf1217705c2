import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Manifest } from '../../../src/shared/manifest';
import { MergeError, mergeShards } from '../../../src/core/plan/mergeShards';
import { shardFolder, type LoadedPlan } from '../../../src/core/plan/planFile';
import { freshTempDirs } from '../helpers/tempDir';
import { makeDataset } from '../jobs/helpers/makeDataset';
import { runTestShard, writeTestPlan } from './planHelpers';

const tempDir = freshTempDirs('plan-regions');

async function finishedPlan(): Promise<{ out: string; loaded: LoadedPlan }> {
  const root = tempDir();
  const dataset = await makeDataset(root, { perClass: 2 });
  const out = path.join(root, 'out');
  const loaded = await writeTestPlan(dataset, out, path.join(root, 'plan'), 2);
  await runTestShard(loaded, 0);
  await runTestShard(loaded, 1);
  return { out, loaded };
}

function readRun(dir: string): { file: string; manifest: Manifest } {
  const file = path.join(dir, 'maskmedpaint.json');
  return { file, manifest: JSON.parse(readFileSync(file, 'utf8')) as Manifest };
}

/** The region overlay the first item of shard `index` names: its record path and file. */
function firstOverlay(loaded: LoadedPlan, index: number): { rel: string; file: string } {
  const rel = readRun(shardFolder(loaded, index)).manifest.items[0]?.quality?.regions;
  assert.ok(rel, 'the shard recorded a region overlay');
  return { rel, file: path.join(shardFolder(loaded, index), rel) };
}

async function mergeProblems(loaded: LoadedPlan, out: string): Promise<string> {
  try {
    await mergeShards(loaded, out);
  } catch (error) {
    assert.ok(error instanceof MergeError, String(error));
    return error.problems.join('\n');
  }
  assert.fail('the merge went through');
}

test("the merged run holds every item's region overlay, the shard's bytes where quality.regions says", async () => {
  const { out, loaded } = await finishedPlan();
  await mergeShards(loaded, out);
  const { manifest } = readRun(out);
  assert.equal(manifest.items.length, 8);
  for (const item of manifest.items) {
    const rel = item.quality?.regions;
    assert.ok(rel, `item ${item.id} names its overlay`);
    const shard = loaded.plan.shards.find((s) => s.items.some((planned) => planned.id === item.id));
    assert.ok(shard);
    assert.deepEqual(
      readFileSync(path.join(out, rel)),
      readFileSync(path.join(shardFolder(loaded, shard.index), rel)),
    );
  }
});

test('merge refuses a shard whose region overlay is missing or recorded where the writer does not put it', async () => {
  const { out, loaded } = await finishedPlan();
  rmSync(firstOverlay(loaded, 0).file);
  const { file, manifest } = readRun(shardFolder(loaded, 1));
  const [first, ...rest] = manifest.items;
  assert.ok(first?.quality);
  const moved = { ...first, quality: { ...first.quality, regions: 'regions/elsewhere.png' } };
  writeFileSync(file, JSON.stringify({ ...manifest, items: [moved, ...rest] }));
  const problems = await mergeProblems(loaded, out);
  assert.match(problems, /shard 0: item "[^"]+", field "quality\.regions": "[^"]+" does not exist/);
  assert.match(
    problems,
    new RegExp(
      `shard 1: item "${first.id}": region overlay "regions/elsewhere.png", planned "regions/`,
    ),
  );
  assert.equal(existsSync(path.join(out, 'maskmedpaint.json')), false, 'nothing merged');
});

test('merging again restores a region overlay lost from the merged folder', async () => {
  const { out, loaded } = await finishedPlan();
  await mergeShards(loaded, out);
  const { rel, file } = firstOverlay(loaded, 0);
  rmSync(path.join(out, rel));
  const again = await mergeShards(loaded, out);
  assert.deepEqual({ copied: again.copied, kept: again.kept }, { copied: 1, kept: 7 });
  assert.deepEqual(readFileSync(path.join(out, rel)), readFileSync(file));
});

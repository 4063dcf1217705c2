import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { readPlanFile } from '../../../src/core/plan/planFile';
import { PLAN_FILE_NAME, PlanError, type ShardPlan } from '../../../src/core/plan/planFormat';
import { staysInside } from '../../../src/core/plan/planSchema';
import { splitIntoShards } from '../../../src/core/plan/splitShards';
import { arraySpec } from '../../../src/core/plan/shardStatus';
import type { PlannedItem } from '../../../src/core/jobs/types';
import { deriveSeed } from '../../../src/core/util/hash';
import { freshTempDirs } from '../helpers/tempDir';
import { makeDataset } from '../jobs/helpers/makeDataset';
import { writeTestPlan } from './planHelpers';

const tempDir = freshTempDirs('plan-format');

async function writtenPlan(): Promise<{ file: string; plan: ShardPlan }> {
  const root = tempDir();
  const dataset = await makeDataset(root, { perClass: 2 });
  await writeTestPlan(dataset, path.join(root, 'out'), path.join(root, 'plan'), 2);
  const file = path.join(root, 'plan', PLAN_FILE_NAME);
  return { file, plan: JSON.parse(readFileSync(file, 'utf8')) as ShardPlan };
}

test('a plan records format, inputs with hashes, the seed rule, shards with items and outputs', async () => {
  const { plan } = await writtenPlan();
  assert.equal(plan.format, 'maskmedpaint-shard-plan');
  assert.equal(plan.formatVersion, 1);
  assert.equal(plan.layout.out, '../out');
  assert.deepEqual(
    plan.shards.map((s) => [s.folder, s.items.length]),
    [
      ['shards/shard-000', 4],
      ['shards/shard-001', 4],
    ],
  );
  const first = plan.shards[0]?.items[0];
  assert.equal(first?.source, '../source/benign/img_0.png');
  assert.equal(first?.output, 'images/benign/img_0__k0.png');
  // The seed the plan records is the documented rule's.
  assert.equal(first?.seed, deriveSeed(plan.seedRule.seed, 'benign/img_0.png', 0));
  // Every source, mask and target is hashed; one hash covers them all.
  assert.equal(Object.keys(plan.inputs.files).length, 4 + 4 + 3);
  assert.match(plan.inputs.sha256, /^[0-9a-f]{64}$/);
});

test('a plan with duplicate ids, misnumbered shards or outputs leaving the run folder is refused', async () => {
  const { file, plan } = await writtenPlan();
  const shard0 = plan.shards[0];
  const shard1 = plan.shards[1];
  assert.ok(shard0?.items[0] && shard0.items[1] && shard1);
  shard0.items[1].id = shard0.items[0].id;
  shard0.items[0].output = 'images/../../escape.png';
  shard1.index = 5;
  writeFileSync(file, JSON.stringify(plan));
  await assert.rejects(readPlanFile(file), (error: unknown) => {
    assert.ok(error instanceof PlanError);
    const text = error.problems.join('\n');
    assert.match(text, /\/shards\/0\/items\/1\/id: duplicate id/);
    assert.match(
      text,
      /\/shards\/0\/items\/0\/output: "images\/..\/..\/escape.png" leaves the run folder/,
    );
    assert.match(text, /\/shards\/1\/index: expected 1, got 5/);
    return true;
  });
});

test('a plan that is not one is refused with the JSON path of each problem', async () => {
  const { file, plan } = await writtenPlan();
  writeFileSync(file, JSON.stringify({ ...plan, formatVersion: 2, shards: [] }));
  await assert.rejects(
    readPlanFile(file),
    /\/formatVersion: must be 1[\s\S]*\/shards: must NOT have fewer than 1 items/,
  );
});

test('staysInside accepts plain relative paths only', () => {
  assert.equal(staysInside('images/a/b.png'), true);
  assert.equal(staysInside('shards/shard-000'), true);
  for (const bad of ['..', '../x', 'a/../../x', '/abs', 'C:/x', '.', ''])
    assert.equal(staysInside(bad), false, bad);
});

function items(perSource: number[]): PlannedItem[] {
  return perSource.flatMap((count, s) =>
    Array.from(
      { length: count },
      (_, k) => ({ id: `s${s}__${k}`, sourcePath: `/src/${s}.png` }) as PlannedItem,
    ),
  );
}

test('shards hold whole sources, in order, differing by at most one source', () => {
  const shards = splitIntoShards(items([2, 2, 2, 2, 2, 2, 2]), 3);
  assert.deepEqual(
    shards.map((shard) => [...new Set(shard.map((item) => item.sourcePath))].length),
    [2, 2, 3],
  );
  assert.deepEqual(
    shards.flat().map((item) => item.id),
    items([2, 2, 2, 2, 2, 2, 2]).map((i) => i.id),
  );
  assert.throws(
    () => splitIntoShards(items([1, 1]), 3),
    /3 shards need at least 3 source images; the plan has 2/,
  );
});

test('arraySpec writes shard lists as Slurm array ranges', () => {
  assert.equal(arraySpec([0, 1, 2, 5]), '0-2,5');
  assert.equal(arraySpec([7, 3, 4, 3]), '3-4,7');
  assert.equal(arraySpec([]), '');
});

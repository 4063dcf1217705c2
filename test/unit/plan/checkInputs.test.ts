import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { changedInputs } from '../../../src/core/plan/checkInputs';
import { PLAN_FILE_NAME, type ShardPlan } from '../../../src/core/plan/planFormat';
import { readPlanFile } from '../../../src/core/plan/planFile';
import { freshTempDirs } from '../helpers/tempDir';
import { makeDataset, writeRgbPng } from '../jobs/helpers/makeDataset';
import { writeTestPlan } from './planHelpers';

const tempDir = freshTempDirs('plan-inputs');

test("a shard's inputs must be the files the plan hashed, inside the folders it records", async () => {
  const root = tempDir();
  const dataset = await makeDataset(root, { perClass: 2 });
  const planDir = path.join(root, 'plan');
  let loaded = await writeTestPlan(dataset, path.join(root, 'out'), planDir, 2);
  assert.deepEqual(await changedInputs(loaded, 0), []);
  // Edited in place after planning (shard 0 holds benign/img_0 and img_1).
  await writeRgbPng(path.join(dataset.source, 'benign', 'img_0.png'), 32, 99);
  // Replaced by a link to a file outside the masks folder.
  const outside = path.join(root, 'elsewhere.png');
  writeFileSync(outside, readFileSync(path.join(dataset.masks, 'benign', 'img_1.png')));
  rmSync(path.join(dataset.masks, 'benign', 'img_1.png'));
  symlinkSync(outside, path.join(dataset.masks, 'benign', 'img_1.png'));
  assert.deepEqual(await changedInputs(loaded, 0), [
    { file: '../source/benign/img_0.png', reason: 'its content changed since the plan was made' },
    {
      file: '../masks/benign/img_1.png',
      reason: `resolves to ${outside}, outside the masks folder ${dataset.masks} (inputs.masks)`,
    },
  ]);
  // A hand-edited plan cannot point a shard at a file outside the source folder.
  const file = path.join(planDir, PLAN_FILE_NAME);
  const plan = JSON.parse(readFileSync(file, 'utf8')) as ShardPlan;
  const item = plan.shards[1]?.items[0];
  assert.ok(item);
  item.source = '../elsewhere.png';
  writeFileSync(file, JSON.stringify(plan));
  loaded = await readPlanFile(file);
  assert.deepEqual(
    (await changedInputs(loaded, 1)).map((c) => c.reason),
    [`resolves to ${outside}, outside the source folder ${dataset.source} (inputs.source)`],
  );
});

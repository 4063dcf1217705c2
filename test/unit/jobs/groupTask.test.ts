import { afterEach, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, promises as fsp } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import * as path from 'node:path';
import type { ItemOutcome } from '../../../src/core/jobs/generateGroup';
import { recordsOfOutcomes } from '../../../src/core/jobs/itemRecord';
import { runGroupTask, type GroupTask } from '../../../src/core/jobs/pool/groupTask';
import type { JobPlan } from '../../../src/core/jobs/types';
import { freshTempDirs } from '../helpers/tempDir';
import { makeDataset } from './helpers/makeDataset';
import { planFor, testRecipe } from './helpers/runHelpers';

const fresh = freshTempDirs('group-task');
afterEach(() => mock.restoreAll());

/** One source's items as the runner hands them to a pool thread (here run on this thread). */
async function firstSourceTask(root: string, perImage: number): Promise<GroupTask> {
  const dataset = await makeDataset(root, { classes: ['benign'], perClass: 1 });
  const plan: JobPlan = await planFor(dataset, path.join(root, 'out'), testRecipe({ perImage }));
  const { items, ...rest } = plan;
  return { plan: rest, items, runKey: 'test-run' };
}

/** The task's outcomes as the thread answers them (the test fails the group otherwise). */
async function outcomesOf(task: GroupTask): Promise<ItemOutcome[]> {
  const result = await runGroupTask(task);
  assert.ok('outcomes' in result, JSON.stringify(result));
  return result.outcomes;
}

test("a group's outcomes come back in plan order, encoded; the runner writes them", async () => {
  const task = await firstSourceTask(fresh(), 4);
  const outcomes = await outcomesOf(task);
  assert.deepEqual(
    outcomes.map((outcome) => outcome.item.id),
    task.items.map((item) => item.id),
  );
  for (const outcome of outcomes) {
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.ok(outcome.bytes.length > 0);
    // The thread only generates: nothing is in the run folder before the runner writes it.
    assert.equal(existsSync(outcome.item.outputPath), false, outcome.item.outputPath);
  }
  const records = await recordsOfOutcomes({ ...task.plan, items: task.items }, outcomes);
  assert.deepEqual(
    records.map((record) => [record.id, record.status]),
    task.items.map((item) => [item.id, 'pending']),
  );
  for (const item of task.items) assert.ok(existsSync(item.outputPath), item.outputPath);
});

test('a failed write fails the group with the first failure in plan order, once every write has settled', async () => {
  const task = await firstSourceTask(fresh(), 4);
  const outcomes = await outcomesOf(task);
  const rename = fsp.rename.bind(fsp);
  const failure = (to: string): Error =>
    Object.assign(new Error(`EIO: i/o error, rename '${to}'`), {
      code: 'EIO',
      syscall: 'rename',
      path: to,
    });
  // The second output fails late, the fourth at once (first in time), and the third is renamed
  // into place slowly: the group must name the second and answer only after the third is in place.
  mock.method(fsp, 'rename', async (from: string, to: string) => {
    if (to.endsWith('__k1.png')) {
      await delay(150);
      throw failure(to);
    }
    if (to.endsWith('__k3.png')) throw failure(to);
    if (to.endsWith('__k2.png')) await delay(100);
    return rename(from, to);
  });
  await assert.rejects(
    recordsOfOutcomes({ ...task.plan, items: task.items }, outcomes),
    (error) => {
      assert.equal((error as NodeJS.ErrnoException).code, 'EIO');
      assert.match((error as NodeJS.ErrnoException).path ?? '', /__k1\.png$/);
      return true;
    },
  );
  const third = task.items[2];
  assert.ok(third && existsSync(third.outputPath), 'the third output is in place');
});

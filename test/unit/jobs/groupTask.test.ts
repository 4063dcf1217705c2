import { afterEach, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, promises as fsp } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import * as path from 'node:path';
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

test("a group's records come back in plan order, each output written", async () => {
  const task = await firstSourceTask(fresh(), 4);
  const result = await runGroupTask(task);
  assert.ok('records' in result, JSON.stringify(result));
  assert.deepEqual(
    result.records.map((record) => record.id),
    task.items.map((item) => item.id),
  );
  for (const item of task.items) assert.ok(existsSync(item.outputPath), item.outputPath);
});

test('a failed write fails the group with the first failure in plan order, once every write has settled', async () => {
  const task = await firstSourceTask(fresh(), 4);
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
  const result = await runGroupTask(task);
  assert.ok('thrown' in result, 'the group fails');
  assert.equal(result.thrown.code, 'EIO');
  assert.match(result.thrown.path ?? '', /__k1\.png$/);
  const third = task.items[2];
  assert.ok(third && existsSync(third.outputPath), 'the third output is in place');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  LARGE_IMAGE_PIXELS,
  firstSourcePixels,
  tasksInFlight,
} from '../../../src/core/jobs/pool/taskBudget';
import { TASKS_PER_THREAD } from '../../../src/core/jobs/pool/threadPool';
import { freshTempDirs } from '../helpers/tempDir';
import { makeDataset } from './helpers/makeDataset';
import { planFor, testRecipe } from './helpers/runHelpers';

const fresh = freshTempDirs('task-budget');

test('small images: two tasks per thread and a third being written; large ones: one per thread', () => {
  assert.equal(tasksInFlight(2, 512 * 512), 2 * (TASKS_PER_THREAD + 1));
  assert.equal(tasksInFlight(2, LARGE_IMAGE_PIXELS), 2 * (TASKS_PER_THREAD + 1));
  assert.equal(tasksInFlight(2, LARGE_IMAGE_PIXELS + 1), 2);
  assert.equal(tasksInFlight(3, 2048 * 2048), 3);
  // A source whose header cannot be read fails on its own; the run keeps the small-image budget.
  assert.equal(tasksInFlight(2, undefined), 2 * (TASKS_PER_THREAD + 1));
});

test("the first source's pixels come from its header; an unreadable one gives none", async () => {
  const root = fresh();
  const dataset = await makeDataset(root, { classes: ['benign'], perClass: 2, size: 48 });
  const plan = await planFor(dataset, path.join(root, 'out'), testRecipe());
  assert.equal(await firstSourcePixels(plan.items), 48 * 48);
  const missing = { ...plan.items[0], sourcePath: path.join(root, 'gone.png') };
  assert.equal(await firstSourcePixels([missing]), undefined);
  assert.equal(await firstSourcePixels([]), undefined);
});

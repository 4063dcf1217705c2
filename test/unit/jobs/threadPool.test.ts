import { afterEach, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fsp, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { JobEvent } from '../../../src/shared/jobEvents';
import type { Engine } from '../../../src/core/engines/engine';
import { ENGINES, IN_PROCESS_ENGINE_IDS } from '../../../src/core/engines/registry';
import { POOL_TASK_ITEMS } from '../../../src/core/jobs/groupRunners';
import { readManifest } from '../../../src/core/jobs/manifestStore';
import { LARGE_IMAGE_PIXELS } from '../../../src/core/jobs/pool/taskBudget';
import { AugmentThreadPool, TASKS_PER_THREAD } from '../../../src/core/jobs/pool/threadPool';
import { runJob } from '../../../src/core/jobs/runJob';
import { hashTree, makeDataset, writeMaskPng } from './helpers/makeDataset';
import { planFor, runPlan, testRecipe, withoutRunTimes } from './helpers/runHelpers';
import { freshTempDirs } from '../helpers/tempDir';

const fresh = freshTempDirs('pool');
afterEach(() => mock.restoreAll());

const doneIds = (events: readonly JobEvent[]): string[] =>
  events.flatMap((event) => (event.type === 'itemDone' ? [event.id] : []));

/** Every file of a run folder but the manifest (which records when it was made). */
function outputsOf(out: string): Map<string, string> {
  const tree = hashTree(out);
  tree.delete('maskmedpaint.json');
  return tree;
}

// Every engine of the registry that runs in process without a model, so a new one is tested on the
// pool without editing this file.
for (const engine of IN_PROCESS_ENGINE_IDS) {
  test(`${engine}: a pool of threads writes the same bytes, manifest and event order as one thread`, async () => {
    const root = fresh();
    const dataset = await makeDataset(root, { perClass: 3 });
    const recipe = testRecipe({ engine, composite: { blend: 'poisson' } });
    const one = await runPlan(await planFor(dataset, path.join(root, 'one'), recipe));
    const three = await runPlan(await planFor(dataset, path.join(root, 'three'), recipe), {
      jobs: 3,
    });
    assert.equal(one.summary.done, 12);
    assert.deepEqual(three.summary, { ...one.summary, manifestPath: three.summary.manifestPath });
    const pooledFiles = outputsOf(path.join(root, 'three'));
    assert.deepEqual(pooledFiles, outputsOf(path.join(root, 'one')));
    // Each item's region overlay is written (before its image) whichever thread generated it.
    const overlays = [...pooledFiles.keys()].filter((rel) => rel.startsWith('regions/'));
    assert.equal(overlays.length, 12);
    assert.deepEqual(
      withoutRunTimes(await readManifest(path.join(root, 'three', 'maskmedpaint.json'))),
      withoutRunTimes(await readManifest(path.join(root, 'one', 'maskmedpaint.json'))),
    );
    // Commits (journal lines, events, manifest) follow the plan, whichever thread finished first.
    assert.deepEqual(doneIds(three.events), doneIds(one.events));
  });
}

test('pooled: a corrupt source fails its own items with the same errors; the others complete', async () => {
  const root = fresh();
  const dataset = await makeDataset(root);
  writeFileSync(path.join(dataset.source, 'benign', 'text.png'), 'this is not a PNG\n');
  await writeMaskPng(path.join(dataset.masks, 'benign', 'text.png'), 32);
  const one = await runPlan(await planFor(dataset, path.join(root, 'one')));
  const pooled = await runPlan(await planFor(dataset, path.join(root, 'two')), { jobs: 2 });
  assert.deepEqual([pooled.summary.done, pooled.summary.failed], [8, 2]);
  assert.deepEqual(
    pooled.summary.failures.map((f) => [f.id, f.error.replace(root, '')]),
    one.summary.failures
      .map((f) => [f.id, f.error.replace(root, '')])
      .map(([id, error]) => [id, error?.replace('/one/', '/two/')]),
  );
  assert.match(pooled.summary.failures[0]?.error ?? '', /^source \[notAnImage\]: .*text\.png/);
});

test('pooled: a cancel records the groups already handed out and the next run completes the job', async () => {
  const root = fresh();
  const dataset = await makeDataset(root, { perClass: 6 });
  const out = path.join(root, 'out');
  const controller = new AbortController();
  const first = await runPlan(await planFor(dataset, out), {
    jobs: 2,
    signal: controller.signal,
    onEvent: (event) => {
      if (event.type === 'itemDone') controller.abort();
    },
  });
  assert.equal(first.summary.cancelled, true);
  assert.ok(first.summary.done >= 1 && first.summary.done < 24, `done ${first.summary.done}`);
  const recorded = (await readManifest(path.join(out, 'maskmedpaint.json'))).items.length;
  assert.equal(recorded, first.summary.done, 'every finished item is in the manifest');
  const second = await runPlan(await planFor(dataset, out), { jobs: 2 });
  assert.deepEqual(
    [second.summary.skipped, second.summary.done, second.summary.cancelled],
    [first.summary.done, 24 - first.summary.done, false],
  );
  const reference = path.join(root, 'reference');
  await runPlan(await planFor(dataset, reference));
  assert.deepEqual(outputsOf(out), outputsOf(reference));
});

test('pooled: a cancel stops within a source, after the tasks handed out, not after its every image', async () => {
  const root = fresh();
  const dataset = await makeDataset(root, { classes: ['benign'], perClass: 1 });
  const out = path.join(root, 'out');
  const perImage = 24 * POOL_TASK_ITEMS;
  const recipe = testRecipe({ perImage });
  const controller = new AbortController();
  let started = 0;
  let startedAtCancel = -1;
  const first = await runPlan(await planFor(dataset, out, recipe), {
    jobs: 2,
    signal: controller.signal,
    onEvent: (event) => {
      if (event.type === 'itemStarted') started++;
      if (event.type === 'itemDone' && startedAtCancel < 0) {
        startedAtCancel = started;
        controller.abort();
      }
    },
  });
  assert.equal(first.summary.cancelled, true);
  // Every task handed to a thread before the cancel (its items reported started) finishes and is
  // recorded; none is handed over after it. How many that is depends on how fast the threads
  // ran meanwhile (at least the first task; on any machine far fewer than the source's 24).
  assert.equal(first.summary.done, startedAtCancel);
  assert.equal(started, startedAtCancel, 'no item started after the cancel');
  assert.ok(
    first.summary.done >= POOL_TASK_ITEMS && first.summary.done < perImage,
    `done ${first.summary.done} of ${perImage}`,
  );
  const second = await runPlan(await planFor(dataset, out, recipe), { jobs: 2 });
  assert.deepEqual(
    [second.summary.skipped, second.summary.done],
    [first.summary.done, perImage - first.summary.done],
  );
  const reference = path.join(root, 'reference');
  await runPlan(await planFor(dataset, reference, recipe));
  assert.deepEqual(outputsOf(out), outputsOf(reference));
});

/**
 * Runs one source's `perImage` images on one thread with every image and overlay write stopped
 * until the tasks handed over have all generated theirs; how many items were handed over by then.
 */
async function itemsHandedOverWhileWritesStop(size: number, perImage: number): Promise<number> {
  const root = fresh();
  const dataset = await makeDataset(root, { classes: ['benign'], perClass: 1, size });
  // Every image and overlay rename waits until the test lets them through: a disk that has stopped.
  let letWritesThrough = (): void => undefined;
  const writesLetThrough = new Promise<void>((resolve) => (letWritesThrough = resolve));
  let waitingRenames = 0;
  const rename = fsp.rename.bind(fsp);
  mock.method(fsp, 'rename', async (from: string, to: string) => {
    if (to.endsWith('.png')) {
      waitingRenames++;
      await writesLetThrough;
    }
    return rename(from, to);
  });
  let started = 0;
  const running = runPlan(
    await planFor(dataset, path.join(root, 'out'), testRecipe({ perImage })),
    {
      jobs: 1,
      onEvent: (event) => {
        if (event.type === 'itemStarted') started++;
      },
    },
  );
  // Once every item handed over waits to be written (each item's overlay first, and a task's
  // items all at once), nothing more is generated into memory: no further task is handed over.
  let waited = -1;
  while (started === 0 || waited !== waitingRenames || waitingRenames !== started) {
    waited = waitingRenames;
    await delay(200);
  }
  const handedOver = started;
  letWritesThrough();
  const { summary } = await running;
  assert.equal(summary.done, perImage);
  return handedOver;
}

test('pooled: generated images wait for their files to be written instead of piling up ahead of a slow disk', async () => {
  // Small images: the thread's two running tasks and a third (queued or being written).
  assert.equal(
    await itemsHandedOverWhileWritesStop(32, 24 * POOL_TASK_ITEMS),
    (TASKS_PER_THREAD + 1) * POOL_TASK_ITEMS,
  );
});

test('pooled: large images keep one task per thread in flight (a second source each only costs memory)', async () => {
  const side = Math.ceil(Math.sqrt(LARGE_IMAGE_PIXELS)) + 1;
  assert.equal(await itemsHandedOverWhileWritesStop(side, 3 * POOL_TASK_ITEMS), POOL_TASK_ITEMS);
});

test('pooled: the threads run their own engines (the engine handed to the runner only names it)', async () => {
  const root = fresh();
  const dataset = await makeDataset(root, { perClass: 1 });
  const plan = await planFor(dataset, path.join(root, 'out'));
  const notHere: Engine = {
    id: 'composite',
    augment: () => Promise.reject(new Error('ran on the runner thread')),
  };
  const summary = await runJob(plan, { engine: notHere, jobs: 2 });
  assert.deepEqual([summary.done, summary.failed], [4, 0]);
  const inline = await runJob(await planFor(dataset, path.join(root, 'inline')), {
    engine: notHere,
  });
  assert.equal(inline.failed, 4, 'with one job the given engine runs');
});

test('the pooled engines are the registry engines that run in process without a model', () => {
  const expected = ENGINES.filter((e) => e.host === 'inProcess' && e.model === null).map(
    (e) => e.id,
  );
  assert.deepEqual([...IN_PROCESS_ENGINE_IDS], expected);
  assert.ok(expected.includes('composite') && expected.includes('copyBackground'));
});

test('jobs: 1 runs the groups on one pool thread (same bytes and manifest as this thread); no jobs runs them here', async () => {
  const root = fresh();
  const dataset = await makeDataset(root);
  const started: number[] = [];
  const start = AugmentThreadPool.start.bind(AugmentThreadPool);
  AugmentThreadPool.start = (threads: number) => {
    started.push(threads);
    return start(threads);
  };
  try {
    const here = await runPlan(await planFor(dataset, path.join(root, 'here')));
    assert.deepEqual(started, []);
    const one = await runPlan(await planFor(dataset, path.join(root, 'one')), { jobs: 1 });
    assert.deepEqual(started, [1]);
    assert.equal(one.summary.done, here.summary.done);
    assert.deepEqual(outputsOf(path.join(root, 'one')), outputsOf(path.join(root, 'here')));
    assert.deepEqual(
      withoutRunTimes(await readManifest(path.join(root, 'one', 'maskmedpaint.json'))),
      withoutRunTimes(await readManifest(path.join(root, 'here', 'maskmedpaint.json'))),
    );
  } finally {
    AugmentThreadPool.start = start;
  }
});

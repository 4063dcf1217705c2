import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import {
  configureThreadHeaps,
  THREAD_INITIAL_OLD_SPACE_MB,
  threadHeapsConfigured,
} from '../../../src/core/jobs/pool/threadHeap';
import { AugmentThreadPool } from '../../../src/core/jobs/pool/threadPool';

/**
 * A thread that keeps about 35 MB of small objects, yielding to its event loop between chunks as
 * the pool's threads do between items, then posts how many full (major) collections it saw: past
 * V8's default first old-generation limit, so one on the way; inside the heap the pool's threads
 * start with, so none.
 */
const GROWING_THREAD = `
const { PerformanceObserver, constants } = require('node:perf_hooks');
const { parentPort } = require('node:worker_threads');
let major = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++;
});
observer.observe({ entryTypes: ['gc'] });
const kept = [];
(async () => {
  for (let i = 0; i < 20; i++) {
    const chunk = [];
    for (let k = 0; k < 20000; k++) chunk.push({ k, s: 'v' + k });
    kept.push(chunk);
    await new Promise((resolve) => setImmediate(resolve));
  }
  setTimeout(() => {
    observer.disconnect();
    const keptMb = require('node:v8').getHeapStatistics().used_heap_size / 1e6;
    parentPort.postMessage({ major, keptMb });
  }, 50);
})();
`;

interface GrowthReport {
  major: number;
  keptMb: number;
}

function growInThread(): Promise<GrowthReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(GROWING_THREAD, { eval: true });
    worker.once('message', (report: GrowthReport) => {
      void worker.terminate();
      resolve(report);
    });
    worker.once('error', reject);
  });
}

test('without the setting, a thread growing its heap to 35 MB goes through a full collection', () => {
  // In a fresh process, so that this file's own setting (below) does not apply: the control that
  // shows the next test can fail.
  const child = spawnSync(
    process.execPath,
    [
      '-e',
      `const { Worker } = require('node:worker_threads');
       const worker = new Worker(${JSON.stringify(GROWING_THREAD)}, { eval: true });
       worker.once('message', (report) => { console.log(JSON.stringify(report)); worker.terminate(); });`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(child.status, 0, child.stderr);
  const report = JSON.parse(child.stdout) as GrowthReport;
  assert.ok(report.keptMb > 30, `the thread kept ${report.keptMb} MB`);
  assert.ok(report.major >= 1, `expected a full collection, saw ${report.major}`);
});

test('starting the augmentation pool sets its threads heap size before they start', async () => {
  assert.equal(threadHeapsConfigured(), false);
  const pool = AugmentThreadPool.start(1);
  try {
    assert.equal(threadHeapsConfigured(), true);
  } finally {
    await pool.close();
  }
});

test(`a thread started after configureThreadHeaps grows to 35 MB without one (${THREAD_INITIAL_OLD_SPACE_MB} MB to start)`, async () => {
  configureThreadHeaps();
  const report = await growInThread();
  assert.ok(report.keptMb > 30, `the thread kept ${report.keptMb} MB`);
  assert.equal(report.major, 0);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EtaEstimator } from '../../../src/extension/jobs/etaEstimator';

test('estimates from processed items only, not from items an earlier run made', () => {
  let now = 1_000;
  const eta = new EtaEstimator(() => now);
  eta.planned(10, 4);
  assert.deepEqual(eta.snapshot(), { finished: 4, total: 10, etaSeconds: undefined });
  eta.skippedOne();
  now += 6_000;
  eta.processedOne();
  eta.processedOne();
  // 6 s for 2 processed items -> 3 s each; 10 - 6 finished = 4 left.
  assert.deepEqual(eta.snapshot(), { finished: 6, total: 10, etaSeconds: 12 });
});

test('a resumed run counts each item once: the skips of already-done items are not added again', () => {
  // The CLI's events when 178 of 500 items were done by a cancelled run: planned says 178, then
  // each of those 178 is reported as skipped while the rest are processed.
  const eta = new EtaEstimator(() => 0);
  eta.planned(500, 178);
  for (let i = 0; i < 178; i += 1) eta.skippedOne();
  assert.equal(eta.snapshot().finished, 178);
  for (let i = 0; i < 10; i += 1) eta.processedOne();
  assert.equal(eta.snapshot().finished, 188);
  for (let i = 0; i < 322; i += 1) eta.processedOne();
  assert.deepEqual(eta.snapshot(), { finished: 500, total: 500, etaSeconds: 0 });
});

test('skips beyond what planned said still count (a planner that reports none up front)', () => {
  const eta = new EtaEstimator(() => 0);
  eta.planned(5, 0);
  eta.skippedOne();
  eta.skippedOne();
  eta.processedOne();
  assert.equal(eta.snapshot().finished, 3);
});

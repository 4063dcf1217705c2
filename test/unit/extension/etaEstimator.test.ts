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
  // 6 s for 2 processed items -> 3 s each; 10 - 7 finished = 3 left.
  assert.deepEqual(eta.snapshot(), { finished: 7, total: 10, etaSeconds: 9 });
});

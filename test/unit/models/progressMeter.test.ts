import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressMeter, formatProgress } from '../../../src/core/models/progressMeter';

test('speed over the window gives the ETA, worded like every other duration', () => {
  let now = 0;
  const meter = new ProgressMeter(0, 2_000_000, () => now);
  now = 2_000;
  // 20 kB in 2 s -> 10 kB/s; 1,980,000 bytes left -> 198 s.
  const progress = meter.add(20_000);
  assert.equal(progress.bytesPerSecond, 10_000);
  assert.equal(progress.etaSeconds, 198);
  assert.equal(formatProgress(progress), '1% 20.0 KB / 2.0 MB, 10.0 KB/s, ETA 3 min 18 s');
});

test('zero-padded minutes and seconds keep the ETA the same width', () => {
  const line = formatProgress({
    received: 500,
    total: 1000,
    bytesPerSecond: 100,
    etaSeconds: 3605,
  });
  assert.equal(line, '50% 500 B / 1.0 KB, 100 B/s, ETA 1 h 00 min');
  const minutes = formatProgress({ received: 0, total: 1000, bytesPerSecond: 1, etaSeconds: 65 });
  assert.match(minutes, /ETA 1 min 05 s$/);
});

test('an unknown total or speed leaves the ETA out instead of printing a number', () => {
  let now = 0;
  const meter = new ProgressMeter(0, undefined, () => now);
  now = 1_000;
  const progress = meter.add(1500);
  assert.equal(progress.etaSeconds, undefined);
  assert.equal(formatProgress(progress), '1.5 KB, 1.5 KB/s');
  const stalled = new ProgressMeter(100, 1000, () => 0).current();
  assert.equal(formatProgress(stalled), '10% 100 B / 1.0 KB');
});

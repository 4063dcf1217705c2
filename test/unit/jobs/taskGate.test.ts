import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TaskGate } from '../../../src/core/jobs/pool/taskGate';

test('TaskGate runs at most its limit at once and admits waiters in the order they asked', async () => {
  const gate = new TaskGate(2);
  const admitted: number[] = [];
  const releases: Array<() => void> = [];
  const entries = [0, 1, 2, 3, 4].map((n) =>
    gate.enter().then((release) => {
      admitted.push(n);
      releases[n] = release;
    }),
  );
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(admitted, [0, 1], 'two at once');
  releases[1]?.();
  releases[1]?.(); // a second release of the same slot frees nothing more
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(admitted, [0, 1, 2]);
  releases[0]?.();
  releases[2]?.();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(admitted, [0, 1, 2, 3, 4]);
  await Promise.all(entries);
});

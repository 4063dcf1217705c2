import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapLimited } from '../../../src/shared/mapLimited';

test('mapLimited keeps input order and never runs more than the limit at once', async () => {
  let running = 0;
  let most = 0;
  const inputs = Array.from({ length: 40 }, (_, i) => i);
  const results = await mapLimited(inputs, 7, async (value, index) => {
    running += 1;
    most = Math.max(most, running);
    // Later inputs finish first, so the order must come from the index, not completion.
    await new Promise((resolve) => setTimeout(resolve, (40 - value) % 5));
    running -= 1;
    return `${value}:${index}`;
  });
  assert.deepEqual(
    results,
    inputs.map((i) => `${i}:${i}`),
  );
  assert.equal(most, 7);
});

test('mapLimited on an empty list, and a failure rejects the whole call', async () => {
  assert.deepEqual(await mapLimited([], 4, () => Promise.resolve(1)), []);
  await assert.rejects(
    mapLimited([1, 2, 3], 2, (v) =>
      v === 2 ? Promise.reject(new Error('two')) : Promise.resolve(v),
    ),
    /two/,
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunFailures, sourceKeyOf } from '../../../src/extension/views/runFailures';

test('failures are grouped by source and named with their reason; the rest are counted', () => {
  const failures = new RunFailures();
  assert.equal(failures.describe(), '');
  for (const source of ['bad_a', 'benign/bad_b', 'bad_c', 'bad_d'])
    for (let k = 0; k < 5; k += 1)
      failures.add(`${source}__${k}`, `source [notAnImage]: ${source}.png is not an image\nstack`);
  assert.deepEqual(
    failures.sources.map((s) => [s.source, s.count]),
    [
      ['bad_a', 5],
      ['benign/bad_b', 5],
      ['bad_c', 5],
      ['bad_d', 5],
    ],
  );
  assert.equal(
    failures.describe(2, 40),
    '4 sources failed: bad_a (source [notAnImage]: bad_a.png is not a…), benign/bad_b (source [notAnImage]: benign/bad_b.png i…) and 2 more',
  );
  assert.equal(sourceKeyOf('x__y__3'), 'x__y');
  assert.equal(sourceKeyOf('plain'), 'plain');
});

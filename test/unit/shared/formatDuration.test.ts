import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration } from '../../../src/shared/formatDuration';

test('under a minute: whole seconds, rounded', () => {
  assert.equal(formatDuration(0), '0 s');
  assert.equal(formatDuration(0.4), '0 s');
  assert.equal(formatDuration(4.4), '4 s');
  assert.equal(formatDuration(45), '45 s');
  assert.equal(formatDuration(59.4), '59 s');
});

test('minutes keep the seconds, zero-padded so a countdown keeps its width', () => {
  assert.equal(formatDuration(60), '1 min 00 s');
  assert.equal(formatDuration(185), '3 min 05 s');
  assert.equal(formatDuration(200), '3 min 20 s');
  assert.equal(formatDuration(3599), '59 min 59 s');
});

test('hours show hours and padded minutes, no seconds', () => {
  assert.equal(formatDuration(3600), '1 h 00 min');
  assert.equal(formatDuration(3900), '1 h 05 min');
  assert.equal(formatDuration(3720 + 59), '1 h 02 min');
  assert.equal(formatDuration(27 * 3600 + 30 * 60), '27 h 30 min');
});

test('rounding carries into the next unit instead of printing 60', () => {
  assert.equal(formatDuration(59.6), '1 min 00 s');
  assert.equal(formatDuration(3599.5), '1 h 00 min');
});

test('negative estimates read as nothing left', () => {
  assert.equal(formatDuration(-5), '0 s');
  assert.equal(formatDuration(-0.2), '0 s');
});

test('an unknown duration is a caller error, named in the message', () => {
  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    assert.throws(() => formatDuration(bad), {
      name: 'RangeError',
      message: new RegExp(`finite number of seconds, got ${String(bad)}`),
    });
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRle, RleError } from '../../../src/core/masks/rle';
import { uniformRandom } from '../../../src/core/util/seededRandom';

/**
 * Reference encoder written for this test from CheXmask's description (row-major flattening,
 * 1-based starts, "start length" pairs): walk the pixels and emit each run of ones.
 */
function referenceEncode(rows: number[][]): string {
  const flat = rows.flat();
  const out: number[] = [];
  let i = 0;
  while (i < flat.length) {
    if (flat[i] === 1) {
      const start = i;
      while (i < flat.length && flat[i] === 1) i++;
      out.push(start + 1, i - start);
    } else i++;
  }
  return out.join(' ');
}

test('decodes masks encoded by the reference encoder, including runs across row ends', () => {
  const random = uniformRandom(7);
  for (const [width, height] of [
    [1, 1],
    [5, 3],
    [17, 11],
    [64, 40],
  ] as const) {
    const rows = Array.from({ length: height }, () =>
      Array.from({ length: width }, () => (random() < 0.45 ? 1 : 0)),
    );
    const mask = decodeRle(referenceEncode(rows), width, height);
    assert.deepEqual(Array.from(mask.data), rows.flat(), `${width}x${height}`);
  }
});

test('row-major: a run along the first row is horizontal, not down the first column', () => {
  const mask = decodeRle('1 3', 3, 2);
  assert.deepEqual(Array.from(mask.data), [1, 1, 1, 0, 0, 0]);
  const second = decodeRle('4 2', 3, 2); // second row, first two pixels
  assert.deepEqual(Array.from(second.data), [0, 0, 0, 1, 1, 0]);
});

test('empty RLE is an empty mask; malformed RLE is refused with the reason', () => {
  assert.deepEqual(Array.from(decodeRle('  ', 2, 2).data), [0, 0, 0, 0]);
  assert.throws(
    () => decodeRle('1 2 3', 4, 4),
    (e: unknown) => e instanceof RleError && /odd number/.test(e.message),
  );
  assert.throws(() => decodeRle('0 2', 4, 4), /1-based start/);
  assert.throws(() => decodeRle('15 5', 4, 4), /past the 4x4 mask/);
  assert.throws(() => decodeRle('5 4 6 1', 4, 4), /overlap/);
  assert.throws(() => decodeRle('1 x', 4, 4), /1-based start/);
  assert.throws(() => decodeRle('1 1', 0, 4), /positive integers/);
});

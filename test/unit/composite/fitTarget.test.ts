import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitTargetToSource } from '../../../src/core/engines/composite/fitTarget';
import { matchFormat } from '../../../src/core/image/pixelFormat';
import { resizeCover } from '../../../src/core/image/resize';
import { texturedImage } from './scenes';

test('a target fitted to a source geometry once is reused, equal to a fresh fit', async () => {
  const target = texturedImage(120, 90, 3, 8, 0.5, 3);
  const source = texturedImage(64, 64, 3, 8, 0.7, 1);
  const grey16 = texturedImage(64, 64, 1, 16, 0.7, 1);
  const first = await fitTargetToSource(target, source);
  assert.equal(await fitTargetToSource(target, source), first, 'fitted again');
  const fresh = matchFormat(await resizeCover(target, 64, 64), source);
  assert.deepEqual(first, fresh);
  // Another source geometry or format is another fit; another target object too.
  const other = await fitTargetToSource(target, grey16);
  assert.notEqual(other, first);
  assert.deepEqual([other.channels, other.bitDepth], [1, 16]);
  const copy = { ...target, data: target.data.slice() };
  const fromCopy = await fitTargetToSource(copy, source);
  assert.notEqual(fromCopy, first);
  assert.deepEqual(fromCopy, first);
  // The fit never changes the target it was given.
  assert.deepEqual(target.data, copy.data);
});

/**
 * nonZeroBox skips empty rows a word at a time and scans the others only where they can widen the
 * box; it must give exactly the box of a plain pass over every pixel, whatever the mask's shape,
 * width (multiple of 4 or not) and byte offset (a view into a larger buffer).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nonZeroBox, type PixelBox } from '../../../src/core/image/distanceTransform';
import { uniformRandom } from '../../../src/core/util/seededRandom';

function plainBox(data: Uint8Array, width: number, height: number, margin: number) {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (data[y * width + x] !== 0) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
  if (x1 < 0) return undefined;
  const m = Math.ceil(margin);
  const box: PixelBox = {
    x0: Math.max(0, x0 - m),
    y0: Math.max(0, y0 - m),
    x1: Math.min(width - 1, x1 + m),
    y1: Math.min(height - 1, y1 + m),
  };
  return box;
}

test('nonZeroBox equals a plain pass on random masks, sizes and byte offsets', () => {
  const random = uniformRandom(11);
  for (let trial = 0; trial < 400; trial++) {
    const width = 1 + Math.floor(random() * 40);
    const height = 1 + Math.floor(random() * 40);
    const offset = Math.floor(random() * 4);
    const buffer = new Uint8Array(offset + width * height);
    const data = buffer.subarray(offset);
    // Empty, a few scattered pixels, or a dense blob; values other than 1 count as set too.
    const kind = trial % 3;
    const count = kind === 0 ? 0 : kind === 1 ? 1 + Math.floor(random() * 4) : width * height;
    for (let i = 0; i < count; i++) {
      if (kind === 2 && random() < 0.7) continue;
      data[Math.floor(random() * data.length)] = 1 + Math.floor(random() * 255);
    }
    const margin = random() * 6;
    assert.deepEqual(
      nonZeroBox(data, width, height, margin),
      plainBox(data, width, height, margin),
      `trial ${trial}: ${width}x${height}, offset ${offset}`,
    );
  }
});

test('nonZeroBox on a small region of a 512 x 512 mask', () => {
  const data = new Uint8Array(512 * 512);
  for (let y = 200; y < 260; y++) for (let x = 300; x < 333; x++) data[y * 512 + x] = 1;
  data[511 * 512 + 3] = 1;
  assert.deepEqual(nonZeroBox(data, 512, 512, 2), { x0: 1, y0: 198, x1: 334, y1: 511 });
  assert.equal(nonZeroBox(new Uint8Array(512 * 512), 512, 512, 2), undefined);
});

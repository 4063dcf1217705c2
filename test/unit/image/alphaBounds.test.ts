/**
 * An alpha's `bounds` promise that every alpha outside them is 0; readers (the paste-back, the
 * composite's feather width) look only inside. The producers must keep the promise, and a reader
 * must give the same result with or without the bounds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { feather, featherOutside } from '../../../src/core/image/maskOps';
import { pasteKeyRegion } from '../../../src/core/image/pasteBack';
import type { AlphaMask, BinaryMask, RawImage } from '../../../src/core/image/rawImage';
import { uniformRandom } from '../../../src/core/util/seededRandom';

/** A mask with a few random rectangles (or none) in a random-sized image. */
function randomMask(random: () => number): BinaryMask {
  const width = 8 + Math.floor(random() * 60);
  const height = 8 + Math.floor(random() * 60);
  const data = new Uint8Array(width * height);
  const rectangles = Math.floor(random() * 3);
  for (let r = 0; r < rectangles; r++) {
    const x0 = Math.floor(random() * width);
    const y0 = Math.floor(random() * height);
    const x1 = Math.min(width, x0 + 1 + Math.floor(random() * 12));
    const y1 = Math.min(height, y0 + 1 + Math.floor(random() * 12));
    for (let y = y0; y < y1; y++) data.fill(1, y * width + x0, y * width + x1);
  }
  return { width, height, data };
}

function outsideBoundsIsZero(alpha: AlphaMask): boolean {
  if (!alpha.bounds) return true;
  const { x0, y0, x1, y1 } = alpha.bounds;
  for (let y = 0; y < alpha.height; y++)
    for (let x = 0; x < alpha.width; x++)
      if ((x < x0 || x > x1 || y < y0 || y > y1) && alpha.data[y * alpha.width + x] !== 0)
        return false;
  return true;
}

function randomImage(random: () => number, width: number, height: number): RawImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(random() * 256);
  return { width, height, channels: 3, bitDepth: 8, data };
}

test('feather and featherOutside write nothing outside the bounds they report', () => {
  const random = uniformRandom(5);
  let bounded = 0;
  for (let trial = 0; trial < 120; trial++) {
    const mask = randomMask(random);
    const px = Math.floor(random() * 6);
    for (const alpha of [feather(mask, px), featherOutside(mask, px)]) {
      assert.ok(outsideBoundsIsZero(alpha), `trial ${trial}, px ${px}`);
      if (alpha.bounds) bounded++;
    }
  }
  assert.ok(bounded > 100, `only ${bounded} alphas carried bounds`);
});

test('the paste-back gives the same image with and without the alpha bounds', () => {
  const random = uniformRandom(9);
  for (let trial = 0; trial < 60; trial++) {
    const mask = randomMask(random);
    const alpha = featherOutside(mask, Math.floor(random() * 5));
    const source = randomImage(random, mask.width, mask.height);
    const generated = randomImage(random, mask.width, mask.height);
    const unbounded: AlphaMask = { width: alpha.width, height: alpha.height, data: alpha.data };
    assert.deepEqual(
      pasteKeyRegion(generated, source, alpha).data,
      pasteKeyRegion(generated, source, unbounded).data,
      `trial ${trial}`,
    );
  }
});

test('a consumed generated image is pasted onto in place, with the same result; otherwise it is left as it was', () => {
  const random = uniformRandom(13);
  for (let trial = 0; trial < 40; trial++) {
    const mask = randomMask(random);
    const alpha = featherOutside(mask, Math.floor(random() * 5));
    const source = randomImage(random, mask.width, mask.height);
    const generated = randomImage(random, mask.width, mask.height);
    const before = generated.data.slice();
    const copied = pasteKeyRegion(generated, source, alpha);
    assert.deepEqual(generated.data, before, `trial ${trial}: the default paste changed its input`);
    assert.notEqual(copied.data, generated.data);
    const consumed = pasteKeyRegion(generated, source, alpha, { consumeGenerated: true });
    assert.equal(consumed.data, generated.data, `trial ${trial}: not pasted in place`);
    assert.deepEqual(consumed.data, copied.data, `trial ${trial}`);
  }
});

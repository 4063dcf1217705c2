import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resizeCover, resizeExact, toBitDepth, toChannels } from '../../../src/core/image/resize';
import { pasteKeyRegion } from '../../../src/core/image/pasteBack';
import { renderOverlay } from '../../../src/core/image/overlay';
import { prepareKeyRegion, scaledBlurRadius } from '../../../src/core/image/prepareKeyRegion';
import { emptyMask } from '../../../src/core/image/maskOps';
import type { AlphaMask, RawImage } from '../../../src/core/image/rawImage';

function solid(
  width: number,
  height: number,
  channels: 1 | 3,
  bits: 8 | 16,
  value: number,
): RawImage {
  const n = width * height * channels;
  const data = bits === 16 ? new Uint16Array(n).fill(value) : new Uint8Array(n).fill(value);
  return { width, height, channels, bitDepth: bits, data };
}

describe('resize', () => {
  it('resizeCover keeps channels and 16-bit, crops the centre', async () => {
    // 40x10: left quarter 1000, middle half 30000, right quarter 60000; cover to 10x10 keeps the middle.
    const img = solid(40, 10, 1, 16, 0);
    for (let y = 0; y < 10; y++)
      for (let x = 0; x < 40; x++) img.data[y * 40 + x] = x < 10 ? 1000 : x < 30 ? 30000 : 60000;
    const out = await resizeCover(img, 10, 10);
    assert.equal(out.width, 10);
    assert.equal(out.bitDepth, 16);
    assert.equal(out.channels, 1);
    assert.ok(out.data instanceof Uint16Array);
    assert.equal(out.data[5 * 10 + 5], 30000);
  });

  it('resizeExact changes the size of an RGB image', async () => {
    const out = await resizeExact(solid(8, 4, 3, 8, 77), 3, 5, 'nearest');
    assert.deepEqual([out.width, out.height, out.channels, out.bitDepth], [3, 5, 3, 8]);
    assert.ok(out.data.every((v) => v === 77));
  });

  it('toChannels and toBitDepth convert exactly', () => {
    const grey = solid(2, 1, 1, 8, 200);
    assert.deepEqual(
      Array.from(toChannels(grey, 4).data),
      [200, 200, 200, 255, 200, 200, 200, 255],
    );
    const rgb: RawImage = {
      width: 1,
      height: 1,
      channels: 3,
      bitDepth: 8,
      data: new Uint8Array([255, 0, 0]),
    };
    assert.deepEqual(Array.from(toChannels(rgb, 1).data), [76]);
    const up = toBitDepth(grey, 16);
    assert.deepEqual(Array.from(up.data), [51400, 51400]);
    assert.deepEqual(Array.from(toBitDepth(up, 8).data), [200, 200]);
  });
});

describe('pasteKeyRegion', () => {
  it('copies the source where alpha is 1, the generated where 0, blends between; converts format', () => {
    const source = solid(3, 1, 1, 16, 0);
    source.data.set([10000, 20000, 30000]);
    const generated = solid(3, 1, 3, 8, 100); // RGB 8-bit: converted to grey 16-bit (25700)
    const alpha: AlphaMask = { width: 3, height: 1, data: new Float32Array([1, 0, 0.25]) };
    const out = pasteKeyRegion(generated, source, alpha);
    assert.equal(out.channels, 1);
    assert.equal(out.bitDepth, 16);
    assert.deepEqual(Array.from(out.data), [10000, 25700, Math.round(0.25 * 30000 + 0.75 * 25700)]);
  });

  it('refuses mismatched sizes', () => {
    const alpha: AlphaMask = { width: 2, height: 1, data: new Float32Array(2) };
    assert.throws(
      () => pasteKeyRegion(solid(3, 1, 1, 8, 0), solid(2, 1, 1, 8, 0), alpha),
      /resize it first/,
    );
  });
});

describe('renderOverlay and prepareKeyRegion', () => {
  it('tints the key region, draws its contour and leaves the rest', () => {
    const mask = emptyMask(6, 6);
    for (let y = 1; y < 5; y++) for (let x = 1; x < 5; x++) mask.data[y * 6 + x] = 1;
    const out = renderOverlay(solid(6, 6, 1, 16, 0), mask, { color: [255, 0, 0], opacity: 0.5 });
    assert.deepEqual([out.channels, out.bitDepth], [3, 8]);
    assert.deepEqual(Array.from(out.data.subarray(0, 3)), [0, 0, 0], 'outside untouched');
    assert.deepEqual(
      Array.from(out.data.subarray((1 * 6 + 1) * 3, (1 * 6 + 1) * 3 + 3)),
      [255, 0, 0],
      'contour',
    );
    assert.deepEqual(
      Array.from(out.data.subarray((2 * 6 + 2) * 3, (2 * 6 + 2) * 3 + 3)),
      [128, 0, 0],
      'tint',
    );
  });

  it('prepareKeyRegion grows, blurs the inverted mask and feathers', () => {
    const mask = emptyMask(40, 40);
    for (let y = 15; y < 25; y++) for (let x = 15; x < 25; x++) mask.data[y * 40 + x] = 1;
    const grown = prepareKeyRegion(mask, { marginPx: 3, blurFactor: 0, featherPx: 0 });
    assert.equal(grown.keyMask.data.reduce((a, b) => a + b, 0) > 100, true);
    // blurFactor is given at 512 px: 25.6 is a 2 px blur on this 40 px mask.
    const { keyMask, keyAlpha } = prepareKeyRegion(mask, {
      marginPx: 0,
      blurFactor: 25.6,
      featherPx: 2,
    });
    // Blur rounds the square's corners off, keeps its centre.
    assert.equal(keyMask.data[15 * 40 + 15], 0);
    assert.equal(keyMask.data[20 * 40 + 20], 1);
    assert.equal(keyAlpha.data[20 * 40 + 20], 1);
    assert.ok(keyAlpha.data[20 * 40 + 15] > 0 && keyAlpha.data[20 * 40 + 15] < 1);
  });

  it('prepareKeyRegion scales blurFactor with the image: the dermoscopy preset keeps a small lesion', () => {
    const size = 64;
    const lesion = emptyMask(size, size);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        if ((x - 32) ** 2 + (y - 32) ** 2 <= 10 ** 2) lesion.data[y * size + x] = 1;
    const { keyMask } = prepareKeyRegion(lesion, { marginPx: 0, blurFactor: 33, featherPx: 0 });
    const kept = keyMask.data.reduce((a, b) => a + b, 0);
    const original = lesion.data.reduce((a, b) => a + b, 0);
    // An unscaled 33 px blur erases this lesion entirely; scaled (about 4 px) it only smooths it.
    assert.ok(kept > original * 0.7, `kept ${kept} of ${original} key-region pixels`);
    assert.equal(keyMask.data[32 * size + 32], 1);
    assert.equal(scaledBlurRadius(33, 512, 768), 33);
    assert.equal(scaledBlurRadius(33, 64, 64), 33 / 8);
  });
});

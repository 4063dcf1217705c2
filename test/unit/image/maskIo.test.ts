import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { encodeImage } from '../../../src/core/image/io';
import { readMask, resizeNearest } from '../../../src/core/image/maskIo';
import type { RawImage } from '../../../src/core/image/rawImage';
import { useTempDir } from '../helpers/tempDir';

const tmp = useTempDir('mask');

async function write(name: string, image: RawImage): Promise<string> {
  const path = tmp(name);
  writeFileSync(path, await encodeImage(image, 'png'));
  return path;
}

/** A 4x1 grey row with values 0, 127, 128, 255 in the given depth. */
function row(bits: 8 | 16): RawImage {
  const v = [0, 127, 128, 255];
  const data = bits === 16 ? new Uint16Array(v.map((x) => x * 257)) : new Uint8Array(v);
  return { width: 4, height: 1, channels: 1, bitDepth: bits, data };
}

describe('readMask', () => {
  it('thresholds 8-bit grey at >= threshold and nonzero', async () => {
    const path = await write('g8.png', row(8));
    assert.deepEqual(
      Array.from((await readMask(path, { threshold: 128, width: 4, height: 1 })).data),
      [0, 0, 1, 1],
    );
    assert.deepEqual(
      Array.from((await readMask(path, { threshold: 'nonzero', width: 4, height: 1 })).data),
      [0, 1, 1, 1],
    );
  });

  it('scales the threshold for 16-bit masks', async () => {
    const path = await write('g16.png', row(16));
    assert.deepEqual(
      Array.from((await readMask(path, { threshold: 128, width: 4, height: 1 })).data),
      [0, 0, 1, 1],
    );
  });

  it('uses luminance of RGB masks', async () => {
    const data = new Uint8Array([0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 255, 0]);
    const path = await write('rgb.png', { width: 4, height: 1, channels: 3, bitDepth: 8, data });
    // red has luma 76 (< 128), green has luma 150 (>= 128)
    assert.deepEqual(
      Array.from((await readMask(path, { threshold: 128, width: 4, height: 1 })).data),
      [0, 1, 0, 1],
    );
  });

  it('uses alpha of an RGBA cut-out whose colour is constant', async () => {
    const data = new Uint8Array([9, 9, 9, 0, 9, 9, 9, 255, 9, 9, 9, 200, 9, 9, 9, 10]);
    const path = await write('rgba.png', { width: 4, height: 1, channels: 4, bitDepth: 8, data });
    assert.deepEqual(
      Array.from((await readMask(path, { threshold: 128, width: 4, height: 1 })).data),
      [0, 1, 1, 0],
    );
  });

  it('resizes with nearest neighbour (stays binary, no new values)', async () => {
    const data = new Uint8Array([0, 255, 255, 0]);
    const path = await write('2x2.png', { width: 2, height: 2, channels: 1, bitDepth: 8, data });
    const mask = await readMask(path, { threshold: 128, width: 4, height: 4 });
    assert.deepEqual(Array.from(mask.data), [0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0]);
  });

  it('downsizing picks the pixel under each output centre', () => {
    const src = { width: 6, height: 1, data: new Uint8Array([0, 1, 0, 0, 1, 1]) };
    assert.deepEqual(Array.from(resizeNearest(src, 3, 1).data), [1, 0, 1]);
  });

  it('rejects an out-of-range threshold', async () => {
    const path = await write('t.png', row(8));
    await assert.rejects(readMask(path, { threshold: 300, width: 4, height: 1 }), /threshold/);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { encodeImage } from '../../../src/core/image/io';
import {
  describeAspectMismatch,
  maskAspectMismatch,
  readMask,
  readMaskFile,
  resizeNearest,
} from '../../../src/core/image/maskIo';
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

describe('mask aspect ratio', () => {
  it('a mask of the same shape at another resolution is not a mismatch (whole-pixel rounding)', () => {
    assert.equal(maskAspectMismatch({ width: 64, height: 64 }, { width: 512, height: 512 }), null);
    assert.equal(maskAspectMismatch({ width: 64, height: 43 }, { width: 1000, height: 667 }), null);
    assert.equal(
      maskAspectMismatch({ width: 1000, height: 667 }, { width: 1000, height: 667 }),
      null,
    );
  });

  it('another aspect ratio beyond 1% is reported with both sizes', () => {
    assert.deepEqual(maskAspectMismatch({ width: 100, height: 50 }, { width: 64, height: 64 }), {
      maskWidth: 100,
      maskHeight: 50,
      imageWidth: 64,
      imageHeight: 64,
    });
    // CheXmask's square 1024 px masks on a 2500 x 2048 radiograph.
    assert.notEqual(
      maskAspectMismatch({ width: 1024, height: 1024 }, { width: 2500, height: 2048 }),
      null,
    );
    // 2.4% narrower, at a resolution where a pixel of rounding is 0.2%.
    assert.notEqual(
      maskAspectMismatch({ width: 500, height: 512 }, { width: 512, height: 512 }),
      null,
    );
    assert.equal(
      describeAspectMismatch({ maskWidth: 100, maskHeight: 50, imageWidth: 64, imageHeight: 64 }),
      'a 100x50 mask stretched to a 64x64 image (different aspect ratio)',
    );
  });

  it('readMaskFile still stretches the mask to the image, and says so', async () => {
    const data = new Uint8Array(8 * 4).fill(255);
    const path = await write('8x4.png', { width: 8, height: 4, channels: 1, bitDepth: 8, data });
    const stretched = await readMaskFile(path, { threshold: 128, width: 8, height: 8 });
    assert.equal(stretched.mask.width, 8);
    assert.equal(stretched.mask.height, 8);
    assert.deepEqual(stretched.aspectMismatch, {
      maskWidth: 8,
      maskHeight: 4,
      imageWidth: 8,
      imageHeight: 8,
    });
    const scaled = await readMaskFile(path, { threshold: 128, width: 16, height: 8 });
    assert.equal(scaled.aspectMismatch, null);
  });
});

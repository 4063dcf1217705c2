/**
 * The default blend's work is bounded by the key region's box; these tests check that the
 * bounded computation gives the same bytes as one made over the whole image.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compositeFitted } from '../../../src/core/engines/composite/compositeOntoTarget';
import { nonZeroBox, type PixelBox } from '../../../src/core/image/distanceTransform';
import { pasteKeyRegion } from '../../../src/core/image/pasteBack';
import { prepareKeyRegion } from '../../../src/core/image/prepareKeyRegion';
import type { AlphaMask, BinaryMask, RawImage } from '../../../src/core/image/rawImage';
import { discMask, paintDisc, texturedImage } from './scenes';

function cropImage(image: RawImage, box: PixelBox): RawImage {
  const bw = box.x1 - box.x0 + 1;
  const bh = box.y1 - box.y0 + 1;
  const n = image.channels;
  const data = image.bitDepth === 16 ? new Uint16Array(bw * bh * n) : new Uint8Array(bw * bh * n);
  for (let y = 0; y < bh; y++) {
    const row = ((y + box.y0) * image.width + box.x0) * n;
    data.set(image.data.subarray(row, row + bw * n), y * bw * n);
  }
  return { ...image, width: bw, height: bh, data };
}

function cropPlane<T extends Uint8Array | Float32Array>(
  data: T,
  width: number,
  box: PixelBox,
  make: (length: number) => T,
): T {
  const bw = box.x1 - box.x0 + 1;
  const bh = box.y1 - box.y0 + 1;
  const out = make(bw * bh);
  for (let y = 0; y < bh; y++) {
    const row = (y + box.y0) * width + box.x0;
    out.set(data.subarray(row, row + bw), y * bw);
  }
  return out;
}

test('a small key region in a large image: the default ramp blend gives the same bytes as the blend computed on a crop around it', () => {
  const size = 384;
  const bandPx = 12;
  const source = texturedImage(size, size, 3, 8, 0.8, 11);
  paintDisc(source, 150, 200, 9, 0.3);
  const target = texturedImage(size, size, 3, 8, 0.5, 12);
  const { keyMask, keyAlpha } = prepareKeyRegion(discMask(size, size, 150, 200, 9), {
    marginPx: 0,
    blurFactor: 0,
    featherPx: 3,
    blendSide: 'outside',
  });
  const options = { blend: 'ramp' as const, harmonize: false, bandPx };
  const full = compositeFitted(source, keyMask, keyAlpha, target, options);

  // The crop is the whole region the ramp may read or change: every pixel outside it must be
  // the target's, every pixel inside it what the crop alone computes.
  const box = nonZeroBox(keyMask.data, size, size, 2 * bandPx + 1);
  assert.ok(box !== undefined && box.x1 - box.x0 + 1 < size / 4);
  const bw = box.x1 - box.x0 + 1;
  const bh = box.y1 - box.y0 + 1;
  const cropMask: BinaryMask = {
    width: bw,
    height: bh,
    data: cropPlane(keyMask.data, size, box, (n) => new Uint8Array(n)),
  };
  const cropAlpha: AlphaMask = {
    width: bw,
    height: bh,
    data: cropPlane(keyAlpha.data, size, box, (n) => new Float32Array(n)),
  };
  const inCrop = compositeFitted(
    cropImage(source, box),
    cropMask,
    cropAlpha,
    cropImage(target, box),
    options,
  );
  const expected = target.data.slice();
  for (let y = 0; y < bh; y++) {
    const row = ((y + box.y0) * size + box.x0) * 3;
    expected.set(inCrop.data.subarray(y * bw * 3, (y + 1) * bw * 3), row);
  }
  assert.deepEqual(Buffer.from(full.data), Buffer.from(expected));
});

test('the paste-back writes the source where alpha is 1, the generated image where it is 0, the rounded blend between (8 and 16 bit)', () => {
  for (const bitDepth of [8, 16] as const) {
    const width = 64;
    const height = 48;
    const source = texturedImage(width, height, 3, bitDepth, 0.7, 5);
    const generated = texturedImage(width, height, 3, bitDepth, 0.3, 6);
    const alpha = new Float32Array(width * height);
    const levels = [1, 0.5, 0.25, 0.75, 1e-6, 0.999999];
    for (let i = 0; i < levels.length; i++) alpha[(20 + i) * width + 30] = levels[i];
    alpha[5] = -0.5;
    alpha[6] = 2;
    const out = pasteKeyRegion(generated, source, { width, height, data: alpha });
    for (let p = 0; p < alpha.length; p++) {
      const a = alpha[p];
      for (let c = 0; c < 3; c++) {
        const i = p * 3 + c;
        const want =
          a >= 1
            ? source.data[i]
            : a <= 0
              ? generated.data[i]
              : Math.round(a * source.data[i] + (1 - a) * generated.data[i]);
        assert.equal(out.data[i], want, `pixel ${p} channel ${c} at alpha ${a}`);
      }
    }
  }
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pilGaussianBlur8 } from '../../../src/core/image/pilGaussianBlur';
import { blurBinarize } from '../../../src/core/image/maskOps';

/** Produced by PIL itself: test/fixtures/images/make_blur_reference.py (same mask formula as below). */
interface BlurReference {
  width: number;
  height: number;
  cases: { sigma: number; blurred: number[] }[];
}
const reference = JSON.parse(
  readFileSync(join(__dirname, '../../fixtures/images/blur_reference.json'), 'utf8'),
) as BlurReference;

function referenceMask(): Uint8Array {
  const { width, height } = reference;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = ((x - 15) / 11) ** 2 + ((y - 14) / 8) ** 2 <= 1;
      const bar = x >= 30 && x <= 31 && y >= 3 && y <= 25;
      data[y * width + x] = inside || bar ? 1 : 0;
    }
  }
  return data;
}

describe('PIL GaussianBlur reproduction', () => {
  for (const { sigma, blurred } of reference.cases) {
    it(`matches PIL sample for sample at radius ${sigma}`, () => {
      const grey = referenceMask().map((v) => v * 255);
      const ours = pilGaussianBlur8(grey, reference.width, reference.height, sigma);
      let worst = 0;
      for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - blurred[i]));
      assert.equal(worst, 0, `largest difference from PIL: ${worst}`);
    });

    it(`blurBinarize at radius ${sigma} equals PIL blur thresholded at 0.5`, () => {
      const mask = { width: reference.width, height: reference.height, data: referenceMask() };
      const binary = blurBinarize(mask, sigma);
      const expected = blurred.map((v) => (v / 255 >= 0.5 ? 1 : 0));
      assert.deepEqual(Array.from(binary.data), expected);
    });
  }

  it('smooths the contour: a 2-pixel bar disappears at radius 4, the ellipse stays', () => {
    const mask = { width: reference.width, height: reference.height, data: referenceMask() };
    const binary = blurBinarize(mask, 4);
    assert.equal(binary.data[14 * reference.width + 30], 0);
    assert.equal(binary.data[14 * reference.width + 15], 1);
  });
});

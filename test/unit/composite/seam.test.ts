import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compositeFitted } from '../../../src/core/engines/composite/compositeOntoTarget';
import { fitMaskCover } from '../../../src/core/engines/composite/fitTarget';
import { dilate } from '../../../src/core/image/maskOps';
import { discMask, keyRegion, regionStats, texturedImage } from './scenes';

const W = 100;
const H = 90;

describe('seam handling', () => {
  it("poisson keeps the source's own pixels just outside the key region, and the target far away", () => {
    const source = texturedImage(W, H, 3, 8, 0.75, 1);
    const target = texturedImage(W, H, 3, 8, 0.25, 2);
    const { keyMask, keyAlpha } = keyRegion(discMask(W, H, 50, 45, 18), 3);
    const out = compositeFitted(source, keyMask, keyAlpha, target, {
      blend: 'poisson',
      harmonize: false,
      bandPx: 10,
    });
    const ring = dilate(keyMask, 2).data;
    const far = dilate(keyMask, 11).data;
    let checkedRing = 0;
    for (let p = 0; p < ring.length; p++) {
      for (let c = 0; c < 3; c++) {
        const i = p * 3 + c;
        if (ring[p]) assert.equal(out.data[i], source.data[i], `ring pixel ${p}`);
        else if (!far[p]) assert.equal(out.data[i], target.data[i], `far pixel ${p}`);
      }
      if (ring[p] && !keyMask.data[p]) checkedRing++;
    }
    assert.ok(checkedRing > 100);
  });

  it('harmonize moves the feather band toward the target colour and leaves the core', () => {
    const source = texturedImage(W, H, 1, 8, 0.8, 1);
    const target = texturedImage(W, H, 1, 8, 0.2, 2);
    const { keyMask, keyAlpha } = keyRegion(discMask(W, H, 50, 45, 20), 6);
    const plain = compositeFitted(source, keyMask, keyAlpha, target, {
      blend: 'alpha',
      harmonize: false,
    });
    const harmonized = compositeFitted(source, keyMask, keyAlpha, target, {
      blend: 'alpha',
      harmonize: true,
    });
    const band = keyAlpha.data.map((a) => (a > 0 && a < 1 ? 1 : 0));
    const core = keyAlpha.data.map((a) => (a >= 1 ? 1 : 0));
    const bandShift =
      regionStats(plain, Uint8Array.from(band)).mean -
      regionStats(harmonized, Uint8Array.from(band)).mean;
    assert.ok(bandShift > 10, `band moved by ${bandShift} toward the darker target`);
    assert.equal(
      regionStats(plain, Uint8Array.from(core)).mean,
      regionStats(harmonized, Uint8Array.from(core)).mean,
    );
  });

  it('refuses a target that was not fitted to the source', () => {
    const source = texturedImage(20, 20, 3, 8, 0.5, 1);
    const { keyMask, keyAlpha } = keyRegion(discMask(20, 20, 10, 10, 5), 0);
    assert.throws(
      () =>
        compositeFitted(source, keyMask, keyAlpha, texturedImage(20, 20, 1, 8, 0.5, 2), {
          blend: 'alpha',
          harmonize: false,
        }),
      /source size, channels and bit depth/,
    );
  });

  it('fitMaskCover crops the centre like a cover resize', () => {
    // 40x20 mask with only its middle 20x20 square set; covering 10x10 keeps exactly that square.
    const mask = { width: 40, height: 20, data: new Uint8Array(800) };
    for (let y = 0; y < 20; y++) for (let x = 10; x < 30; x++) mask.data[y * 40 + x] = 1;
    const fitted = fitMaskCover(mask, 10, 10);
    assert.ok(fitted.data.every((v) => v === 1));
    const wide = fitMaskCover(mask, 40, 10);
    assert.equal(wide.data[5 * 40 + 0], 0);
    assert.equal(wide.data[5 * 40 + 20], 1);
  });
});

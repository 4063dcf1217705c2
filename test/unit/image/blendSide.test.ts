import { test } from 'node:test';
import assert from 'node:assert/strict';
import { featherOutside } from '../../../src/core/image/maskOps';
import { prepareKeyRegion } from '../../../src/core/image/prepareKeyRegion';
import type { BinaryMask } from '../../../src/core/image/rawImage';
import { defaultRecipe } from '../../../src/core/recipe/defaults';
import { resolveRecipe } from '../../../src/core/recipe/resolveRecipe';
import { blendSideOf } from '../../../src/shared/recipe';

/** An irregular lesion (notches the authors' blur smooths away) on a 128 px image. */
function lesion(): BinaryMask {
  const size = 128;
  const data = new Uint8Array(size * size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const angle = Math.atan2(y - 64, x - 64);
      const radius = 30 + 6 * Math.sin(5 * angle) + 3 * Math.cos(9 * angle);
      if (Math.hypot(x - 64, y - 64) <= radius) data[y * size + x] = 1;
    }
  return { width: size, height: size, data };
}

const count = (mask: BinaryMask, where: (p: number) => boolean): number => {
  let n = 0;
  for (let p = 0; p < mask.data.length; p++) if (mask.data[p] !== 0 && where(p)) n++;
  return n;
};

test("blend outside: every mask pixel has alpha 1, with the dermoscopy preset's blur too", () => {
  const mask = lesion();
  for (const blurFactor of [0, 33]) {
    const { keyMask, keyAlpha, requested } = prepareKeyRegion(mask, {
      marginPx: 0,
      blurFactor: blurFactor * 4, // 33 at 512 px is about 8 px here; 4x makes the blur bite
      featherPx: 3,
      blendSide: 'outside',
    });
    assert.deepEqual(requested.data, mask.data);
    assert.equal(
      count(mask, (p) => keyAlpha.data[p] !== 1),
      0,
      `blur ${blurFactor}: mask pixel blended`,
    );
    assert.equal(
      count(mask, (p) => keyMask.data[p] === 0),
      0,
      'the blur only adds pixels',
    );
  }
});

test("blend inside (the authors' behaviour): the blur and feather change mask pixels", () => {
  const mask = lesion();
  const { keyAlpha } = prepareKeyRegion(mask, {
    marginPx: 0,
    blurFactor: 132,
    featherPx: 3,
    blendSide: 'inside',
  });
  const changed = count(mask, (p) => keyAlpha.data[p] !== 1) / count(mask, () => true);
  assert.ok(changed > 0.1, `only ${changed} of the mask is blended`);
});

test('featherOutside: alpha 1 on the mask, 1 - d/(px+1) outside within px, 0 beyond', () => {
  const size = 21;
  const data = new Uint8Array(size * size);
  data[10 * size + 10] = 1;
  const alpha = featherOutside({ width: size, height: size, data }, 3);
  assert.equal(alpha.data[10 * size + 10], 1);
  for (const [dx, dy] of [
    [1, 0],
    [2, 0],
    [3, 0],
    [2, 2],
    [4, 0],
    [0, 7],
  ] as const) {
    const d = Math.hypot(dx, dy);
    const expected = d < 4 ? 1 - d / 4 : 0;
    const got = alpha.data[(10 + dy) * size + 10 + dx] ?? NaN;
    assert.ok(Math.abs(got - expected) <= 1e-6, `(${dx}, ${dy}): ${got} vs ${expected}`);
  }
  const none = featherOutside({ width: size, height: size, data }, 0);
  assert.deepEqual(
    [...none.data].filter((v) => v !== 0),
    [1],
  );
});

test('recipes: custom keeps every mask pixel (outside), the dermoscopy preset blends inside, old recipes meant inside', () => {
  assert.equal(defaultRecipe().mask.blendSide, 'outside');
  assert.equal(resolveRecipe('custom').mask.blendSide, 'outside');
  assert.equal(resolveRecipe('natural').mask.blendSide, 'outside');
  assert.equal(resolveRecipe('dermoscopy').mask.blendSide, 'inside');
  assert.equal(
    resolveRecipe('dermoscopy', { mask: { blendSide: 'outside' } }).mask.blendSide,
    'outside',
  );
  assert.equal(blendSideOf({}), 'inside');
});

test('featherOutside of a small key region in a large image equals the per-pixel rule over the whole image (px 0 and 3)', () => {
  const width = 200;
  const height = 160;
  const data = new Uint8Array(width * height);
  const keys: number[] = [];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if ((x - 140) ** 2 + (y - 40) ** 2 <= 25 || (x === 143 && y === 50)) {
        data[y * width + x] = 1;
        keys.push(x, y);
      }
  const mask: BinaryMask = { width, height, data };
  for (const px of [0, 3]) {
    const alpha = featherOutside(mask, px).data;
    const scale = px + 1;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let nearest = Infinity;
        for (let k = 0; k < keys.length; k += 2)
          nearest = Math.min(nearest, (x - keys[k]) ** 2 + (y - keys[k + 1]) ** 2);
        const d = Math.sqrt(nearest);
        const want = d === 0 ? 1 : px > 0 && d < scale ? Math.fround(1 - d / scale) : 0;
        assert.equal(alpha[y * width + x], want, `px ${px} at ${x},${y}`);
      }
    }
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compositeFitted } from '../../../src/core/engines/composite/compositeOntoTarget';
import { rampSeam } from '../../../src/core/engines/composite/rampSeam';
import { dilate } from '../../../src/core/image/maskOps';
import { prepareKeyRegion } from '../../../src/core/image/prepareKeyRegion';
import type { BinaryMask, RawImage } from '../../../src/core/image/rawImage';
import { defaultRecipe } from '../../../src/core/recipe/defaults';
import { keptExactShare } from '../../../src/core/quality/keptExactly';
import { measureSeam } from '../../../src/core/quality/seamMeasure';
import { discMask, paintDisc, texturedImage } from './scenes';

const SIZE = 128;

/** The demo's situation: a dark lesion on light skin, composited onto darker skin. */
function scene(): { source: RawImage; target: RawImage; mask: BinaryMask } {
  const source = texturedImage(SIZE, SIZE, 3, 8, 0.82, 3);
  paintDisc(source, 64, 64, 26, 0.3);
  return {
    source,
    target: texturedImage(SIZE, SIZE, 3, 8, 0.55, 4),
    mask: discMask(SIZE, SIZE, 64, 64, 26),
  };
}

function composite(
  s: ReturnType<typeof scene>,
  mask: BinaryMask,
  settings: {
    blend: 'ramp' | 'poisson' | 'alpha';
    harmonize: boolean;
    blendSide: 'outside' | 'inside';
  },
): RawImage {
  const { keyMask, keyAlpha } = prepareKeyRegion(mask, {
    marginPx: 0,
    blurFactor: 0,
    featherPx: 3,
    blendSide: settings.blendSide,
  });
  return compositeFitted(s.source, keyMask, keyAlpha, s.target, settings);
}

test('the default composite keeps every mask pixel and leaves no halo; the former default left one', () => {
  const s = scene();
  const d = defaultRecipe();
  const now = composite(s, s.mask, {
    blend: d.composite.blend,
    harmonize: d.composite.harmonize,
    blendSide: d.mask.blendSide ?? 'inside',
  });
  const before = composite(s, s.mask, { blend: 'poisson', harmonize: true, blendSide: 'inside' });
  assert.equal(keptExactShare(now, s.source, s.mask), 1);
  assert.ok((keptExactShare(before, s.source, s.mask) ?? 1) < 0.95);
  const seamNow = measureSeam(now, s.source, s.mask);
  const seamBefore = measureSeam(before, s.source, s.mask);
  assert.ok(seamNow !== null && seamBefore !== null);
  assert.ok(seamNow.score < 3, `default seam score ${seamNow.score}`);
  assert.ok(seamBefore.score > 10, `former default ${seamBefore.score}`);
});

test("ramp on a loose mask: the target's level bends to the kept skin, so the contour shows no step", () => {
  const s = scene();
  const loose = dilate(s.mask, 8);
  const ramp = composite(s, loose, { blend: 'ramp', harmonize: false, blendSide: 'outside' });
  const paste = composite(s, loose, { blend: 'alpha', harmonize: false, blendSide: 'outside' });
  const seamRamp = measureSeam(ramp, s.source, loose);
  const seamPaste = measureSeam(paste, s.source, loose);
  assert.ok(seamRamp !== null && seamPaste !== null);
  assert.ok(
    seamRamp.stepExcess < 0.25 * seamPaste.stepExcess,
    `${seamRamp.stepExcess} vs ${seamPaste.stepExcess}`,
  );
  assert.equal(keptExactShare(ramp, s.source, loose), 1);
});

test('ramp leaves the target untouched beyond the band and the key region to the paste-back', () => {
  const s = scene();
  const { keyAlpha } = prepareKeyRegion(s.mask, {
    marginPx: 0,
    blurFactor: 0,
    featherPx: 3,
    blendSide: 'outside',
  });
  const { generated, pasteSource } = rampSeam(s.source, s.target, s.mask, keyAlpha, 10);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const p = y * SIZE + x;
      const d = Math.hypot(x - 64, y - 64) - 26;
      for (let c = 0; c < 3; c++) {
        if (d > 11) assert.equal(generated.data[p * 3 + c], s.target.data[p * 3 + c]);
        if (s.mask.data[p] !== 0)
          assert.equal(pasteSource.data[p * 3 + c], s.source.data[p * 3 + c]);
      }
    }
});

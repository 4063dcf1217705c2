import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dilate } from '../../../src/core/image/maskOps';
import type { RawImage } from '../../../src/core/image/rawImage';
import {
  measureSeam,
  measureSeamAgainst,
  seamReference,
} from '../../../src/core/quality/seamMeasure';
import { discMask, paintDisc, texturedImage } from '../composite/scenes';

const SIZE = 80;
const R = 16;
const C = SIZE / 2;

/** A light-skinned source with a dark lesion, and a darker target (levels 0..1). */
function scene(): { source: RawImage; target: RawImage } {
  const source = texturedImage(SIZE, SIZE, 3, 8, 0.8, 1);
  paintDisc(source, C, C, R, 0.3);
  return { source, target: texturedImage(SIZE, SIZE, 3, 8, 0.5, 2) };
}

/** The target with the source pasted wherever `mask` is set (a hard paste). */
function paste(source: RawImage, target: RawImage, mask: Uint8Array): RawImage {
  const data = target.data.slice();
  for (let p = 0; p < mask.length; p++)
    if (mask[p] !== 0) for (let c = 0; c < 3; c++) data[p * 3 + c] = source.data[p * 3 + c];
  return { ...target, data };
}

/** Adds `delta` levels to the pixels between distances inner and outer of the disc's edge. */
function ring(image: RawImage, inner: number, outer: number, delta: number): RawImage {
  const data = image.data.slice();
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const d = Math.hypot(x - C, y - C) - R;
      if (d < inner || d > outer) continue;
      for (let c = 0; c < 3; c++) {
        const i = (y * SIZE + x) * 3 + c;
        data[i] = Math.max(0, Math.min(255, data[i] + delta));
      }
    }
  return { ...image, data };
}

const lesion = discMask(SIZE, SIZE, C, C, R);

test('a lesion pasted tightly onto the target scores near 0 (its own edge is not a seam)', () => {
  const { source, target } = scene();
  const seam = measureSeam(paste(source, target, lesion.data), source, lesion);
  assert.ok(seam !== null);
  assert.ok(seam.score < 1.5, `score ${seam.score}`);
  assert.equal(seam.stepExcess, 0, 'the step lesion -> darker skin is smaller than in the source');
});

test('a bright ring around the key region is overshoot', () => {
  const { source, target } = scene();
  const plain = measureSeam(paste(source, target, lesion.data), source, lesion);
  const halo = measureSeam(ring(paste(source, target, lesion.data), 1, 3, 90), source, lesion);
  assert.ok(plain !== null && halo !== null);
  assert.ok(halo.overshoot > 20, `overshoot ${halo.overshoot}`);
  assert.ok(halo.score > plain.score + 20);
});

test('a blurred band lowers the gradient-energy ratio', () => {
  const { source, target } = scene();
  const sharp = paste(source, target, lesion.data);
  // Blur the band (a 5 x 5 box mean of the target) as a soft paste would.
  const data = sharp.data.slice();
  for (let y = 2; y < SIZE - 2; y++)
    for (let x = 2; x < SIZE - 2; x++) {
      const d = Math.hypot(x - C, y - C) - R;
      if (d <= 0.5 || d > 3.5) continue;
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let dy = -2; dy <= 2; dy++)
          for (let dx = -2; dx <= 2; dx++) sum += target.data[((y + dy) * SIZE + x + dx) * 3 + c];
        data[(y * SIZE + x) * 3 + c] = Math.round(sum / 25);
      }
    }
  const seam = measureSeam({ ...sharp, data }, source, lesion);
  assert.ok(seam !== null && seam.gradientRatio < 0.7, `ratio ${seam?.gradientRatio}`);
});

test("a loose mask's source background meeting a different target is a step excess", () => {
  const { source, target } = scene();
  // The mask reaches 6 px into the source's light skin; the target outside is much darker.
  const loose = dilate(lesion, 6);
  const seam = measureSeam(paste(source, target, loose.data), source, loose);
  assert.ok(seam !== null);
  assert.ok(seam.stepExcess > 40, `step excess ${seam.stepExcess}`);
});

test('no key region, or nothing outside it, gives no measure', () => {
  const { source } = scene();
  const empty = { width: SIZE, height: SIZE, data: new Uint8Array(SIZE * SIZE) };
  const full = { width: SIZE, height: SIZE, data: new Uint8Array(SIZE * SIZE).fill(1) };
  assert.equal(measureSeam(source, source, empty), null);
  assert.equal(measureSeam(source, source, full), null);
});

test("one source's reference measures each of its outputs as a fresh measurement does", () => {
  const { source, target } = scene();
  const reference = seamReference(source, lesion);
  assert.ok(reference);
  const outputs = [
    paste(source, target, lesion.data),
    ring(paste(source, target, lesion.data), 1, 3, 90),
    paste(source, texturedImage(SIZE, SIZE, 3, 8, 0.3, 7), dilate(lesion, 4).data),
  ];
  // In turn and again: the reference's scratch tables carry nothing from one output to the next.
  for (const output of [...outputs, ...outputs.reverse()])
    assert.deepEqual(measureSeamAgainst(output, reference), measureSeam(output, source, lesion));
  assert.throws(
    () =>
      measureSeamAgainst(
        { ...source, width: SIZE / 2, data: source.data.slice(0, (SIZE * SIZE * 3) / 2) },
        reference,
      ),
    /output is 40x80x3, source 80x80x3/,
  );
});

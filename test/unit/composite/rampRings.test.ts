import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distanceToSites, growBox, nonZeroBox } from '../../../src/core/image/distanceTransform';
import {
  INNER,
  OUTER,
  rampGeometry,
  ringSides,
} from '../../../src/core/engines/composite/rampGeometry';

/** A random blobby mask (a few discs and a noise speckle), optionally touching the border. */
function blobMask(width: number, height: number, seed: number): Uint8Array {
  let state = seed;
  const random = (): number => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const data = new Uint8Array(width * height);
  for (let disc = 0; disc < 4; disc++) {
    const [cx, cy, r] = [random() * width, random() * height, 2 + random() * 12];
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) if (Math.hypot(x - cx, y - cy) <= r) data[y * width + x] = 1;
  }
  for (let p = 0; p < data.length; p++) if (random() < 0.01) data[p] = 1;
  return data;
}

/** The rings from two exact distance transforms, as the seam computed them before. */
function ringsByTwoTransforms(
  crop: Uint8Array,
  bw: number,
  bh: number,
  ringPx: number,
): Uint8Array {
  const outward = distanceToSites(crop, bw, bh);
  const inward = distanceToSites(
    crop.map((v) => (v === 0 ? 1 : 0)),
    bw,
    bh,
  );
  const ring2 = ringPx * ringPx;
  return Uint8Array.from(outward.squared, (d2, b) =>
    d2 === 0 ? (inward.squared[b] <= ring2 ? INNER : 0) : d2 <= ring2 ? OUTER : 0,
  );
}

test('the ramp seam finds its rings exactly as two distance transforms would, edges included', () => {
  let inner = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const [width, height] = [40 + seed * 3, 50 - seed];
    const mask = blobMask(width, height, seed);
    const keyBox = nonZeroBox(mask, width, height, 0);
    assert.ok(keyBox);
    // Small margins too, so the crop edge cuts through the rings' reach.
    for (const margin of [0, 3, 41]) {
      const box = growBox(keyBox, margin, width, height);
      const bw = box.x1 - box.x0 + 1;
      const bh = box.y1 - box.y0 + 1;
      const crop = new Uint8Array(bw * bh);
      for (let y = 0; y < bh; y++)
        crop.set(
          mask.subarray((y + box.y0) * width + box.x0, (y + box.y0) * width + box.x1 + 1),
          y * bw,
        );
      for (const ringPx of [1, 2, 3, 5]) {
        const outward = distanceToSites(crop, bw, bh);
        const sides = ringSides(crop, bw, bh, outward.squared, ringPx);
        assert.deepEqual(sides, ringsByTwoTransforms(crop, bw, bh, ringPx), `seed ${seed}`);
        inner += sides.filter((s) => s === INNER).length;
      }
    }
  }
  assert.ok(inner > 1000, 'the masks have inner rings to find');
});

test('growBox grows and clamps as nonZeroBox margins do', () => {
  const mask = new Uint8Array(20 * 10);
  mask[3 * 20 + 17] = 1;
  mask[6 * 20 + 4] = 1;
  const tight = nonZeroBox(mask, 20, 10, 0);
  assert.deepEqual(tight, { x0: 4, y0: 3, x1: 17, y1: 6 });
  for (const margin of [0, 1, 2.5, 5, 30])
    assert.deepEqual(growBox(tight, margin, 20, 10), nonZeroBox(mask, 20, 10, margin));
});

test('the ramp geometry is made once per key mask and band, and a copy of the mask gets an equal one', () => {
  const [width, height] = [70, 60];
  const mask = { width, height, data: blobMask(width, height, 5) };
  const geometry = rampGeometry(mask, 10, 2);
  assert.ok(geometry && geometry.bandPixels.length > 0 && geometry.contour.length > 0);
  assert.equal(rampGeometry(mask, 10, 2), geometry);
  assert.notEqual(rampGeometry(mask, 12, 2), geometry);
  assert.deepEqual(rampGeometry({ ...mask, data: mask.data.slice() }, 10, 2), geometry);
  // Every band pixel lies within the band, outside the key region, its contour pixel inside it.
  for (let j = 0; j < geometry.bandPixels.length; j++) {
    const d2 = geometry.bandSquared[j] ?? 0;
    assert.ok(d2 > 0 && d2 < 100);
    const q: number = geometry.contour[geometry.bandContour[j] ?? -1] ?? -1;
    const [qx, qy]: [number, number] = [q % geometry.bw, Math.floor(q / geometry.bw)];
    assert.equal(mask.data[(qy + geometry.box.y0) * width + qx + geometry.box.x0], 1);
  }
  assert.equal(
    rampGeometry({ width, height, data: new Uint8Array(width * height) }, 10, 2),
    undefined,
  );
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  dilate,
  emptyMask,
  erode,
  feather,
  fullMask,
  growOrShrink,
  maskStats,
  setPixelCount,
} from '../../../src/core/image/maskOps';
import { distanceToSites } from '../../../src/core/image/distanceTransform';
import type { BinaryMask } from '../../../src/core/image/rawImage';

function single(width: number, height: number, x: number, y: number): BinaryMask {
  const mask = emptyMask(width, height);
  mask.data[y * width + x] = 1;
  return mask;
}

function disc(width: number, height: number, cx: number, cy: number, r: number): BinaryMask {
  const mask = emptyMask(width, height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) mask.data[y * width + x] = 1;
  return mask;
}

const count = (m: BinaryMask): number => m.data.reduce((a, b) => a + b, 0);

describe('distance transform', () => {
  it('equals brute-force nearest-site distances on a scattered pattern', () => {
    const w = 23;
    const h = 17;
    const sites = new Uint8Array(w * h);
    for (const p of [5, 77, 200, 201, 333, 390]) sites[p] = 1;
    const field = distanceToSites(sites, w, h);
    for (let p = 0; p < w * h; p++) {
      let best = Infinity;
      for (let q = 0; q < w * h; q++) {
        if (!sites[q]) continue;
        best = Math.min(
          best,
          ((p % w) - (q % w)) ** 2 + (Math.floor(p / w) - Math.floor(q / w)) ** 2,
        );
      }
      assert.equal(field.squared[p], best);
      const n = field.nearest[p];
      assert.equal(sites[n], 1);
      assert.equal(((p % w) - (n % w)) ** 2 + (Math.floor(p / w) - Math.floor(n / w)) ** 2, best);
    }
  });

  it('gives the same distances without the nearest sites when asked for distances only', () => {
    const w = 61;
    const h = 47;
    const sites = disc(w, h, 25, 20, 13).data;
    for (const pattern of [sites, Uint8Array.from(sites, (v) => 1 - v)]) {
      const full = distanceToSites(pattern, w, h);
      const only = distanceToSites(pattern, w, h, { nearest: false });
      assert.deepEqual(only.squared, full.squared);
      assert.equal(only.nearest.length, 0);
    }
  });

  it('reports Infinity and -1 when there are no sites', () => {
    const field = distanceToSites(new Uint8Array(12), 4, 3);
    assert.ok(field.squared.every((v) => v === Infinity));
    assert.ok(field.nearest.every((v) => v === -1));
  });
});

describe('dilate / erode', () => {
  it('dilating one pixel by radius r gives the pixels within Euclidean distance r', () => {
    for (const r of [1, 2, 3.5, 7]) {
      const grown = dilate(single(31, 31, 15, 15), r);
      for (let y = 0; y < 31; y++)
        for (let x = 0; x < 31; x++)
          assert.equal(
            grown.data[y * 31 + x],
            (x - 15) ** 2 + (y - 15) ** 2 <= r * r ? 1 : 0,
            `r=${r} at ${x},${y}`,
          );
    }
  });

  it('erode keeps exactly the pixels whose whole radius-r disc lies in the mask (brute force)', () => {
    const mask = disc(41, 41, 20, 20, 12);
    const r = 4;
    const shrunk = erode(mask, r);
    for (let y = 0; y < 41; y++) {
      for (let x = 0; x < 41; x++) {
        let keep = 1;
        for (let dy = -r; dy <= r; dy++)
          for (let dx = -r; dx <= r; dx++) {
            const nx = x + dx;
            const ny = y + dy;
            if (dx * dx + dy * dy > r * r || nx < 0 || ny < 0 || nx >= 41 || ny >= 41) continue;
            if (mask.data[ny * 41 + nx] === 0) keep = 0;
          }
        assert.equal(shrunk.data[y * 41 + x], keep, `at ${x},${y}`);
      }
    }
    assert.equal(count(erode(fullMask(10, 10), 3)), 100, 'the image edge is not a border');
  });

  it('growOrShrink picks by sign and 0 is identity', () => {
    const m = disc(30, 30, 15, 15, 6);
    assert.ok(count(growOrShrink(m, 3)) > count(m));
    assert.ok(count(growOrShrink(m, -3)) < count(m));
    assert.deepEqual(growOrShrink(m, 0).data, m.data);
  });

  it('rejects negative radii', () => {
    assert.throws(() => dilate(fullMask(2, 2), -1), /radius/);
  });
});

describe('feather', () => {
  it('alpha is 0 outside, d/(px+1) in the band, exactly 1 deeper than px', () => {
    // A 30x20 rectangle at (10,10): straight borders make the distances exact integers.
    const mask = emptyMask(50, 40);
    for (let y = 10; y < 30; y++) for (let x = 10; x < 40; x++) mask.data[y * 50 + x] = 1;
    const px = 5;
    const alpha = feather(mask, px);
    for (let i = 0; i < alpha.data.length; i++)
      if (mask.data[i] === 0) assert.equal(alpha.data[i], 0);
    const row = 20 * 50;
    for (let d = 1; d <= px; d++)
      assert.ok(Math.abs(alpha.data[row + 9 + d] - d / (px + 1)) < 1e-6, `d=${d}`);
    for (let x = 10 + px; x < 40 - px; x++) assert.equal(alpha.data[row + x], 1);
    let band = 0;
    for (let i = 0; i < alpha.data.length; i++) if (alpha.data[i] > 0 && alpha.data[i] < 1) band++;
    const core = (30 - 2 * px) * (20 - 2 * px);
    assert.equal(band, 30 * 20 - core, 'the band is exactly px pixels wide');
  });

  it('px = 0 gives the hard mask', () => {
    const mask = disc(20, 20, 10, 10, 5);
    assert.deepEqual(Array.from(feather(mask, 0).data), Array.from(mask.data));
  });
});

describe('maskStats', () => {
  it('counts coverage and 8-connected components', () => {
    const m = emptyMask(10, 10);
    m.data[0] = 1;
    m.data[11] = 1; // diagonal neighbour: same component
    m.data[55] = 1;
    const stats = maskStats(m);
    assert.equal(stats.components, 2);
    assert.equal(stats.coverage, 0.03);
    assert.equal(stats.fragmented, true);
    assert.equal(stats.isEmpty, false);
    assert.deepEqual(maskStats(fullMask(3, 3)), {
      coverage: 1,
      isEmpty: false,
      isFull: true,
      components: 1,
      fragmented: false,
    });
    assert.equal(maskStats(emptyMask(3, 3)).isEmpty, true);
    assert.equal(setPixelCount(m), 3);
    assert.equal(setPixelCount(fullMask(3, 3)), 9);
    assert.equal(setPixelCount({ width: 2, height: 1, data: Uint8Array.of(0, 255) }), 1);
  });

  it('one big region with a speck is not fragmented', () => {
    const m = disc(40, 40, 20, 20, 10);
    m.data[0] = 1;
    const stats = maskStats(m);
    assert.equal(stats.components, 2);
    assert.equal(stats.fragmented, false);
  });
});

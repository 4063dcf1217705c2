import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BandGeometry } from '../../../src/core/quality/seamGeometry';
import { WindowStats } from '../../../src/core/quality/windowStats';

/** A deterministic pseudo-random sequence in [0, 1). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A box of bw x bh pixels at (x0, y0) inside an image `imageWidth` wide (ring and inside unused). */
function boxIn(imageWidth: number, x0: number, y0: number, bw: number, bh: number): BandGeometry {
  return {
    box: { x0, y0, x1: x0 + bw - 1, y1: y0 + bh - 1 },
    bw,
    bh,
    imageWidth,
    ring: new Int16Array(bw * bh),
    inside: new Uint8Array(bw * bh),
  };
}

interface Direct {
  mean: number;
  std: number;
}

/** The window's statistics counted pixel by pixel (null: fewer than 4 selected pixels). */
function direct(
  g: BandGeometry,
  selected: Uint8Array,
  value: (b: number) => number,
  centre: number,
  radius: number,
): Direct | null {
  const cx = centre % g.bw;
  const cy = Math.floor(centre / g.bw);
  let n = 0;
  let sum = 0;
  let squares = 0;
  for (let y = Math.max(0, cy - radius); y <= Math.min(g.bh - 1, cy + radius); y++)
    for (let x = Math.max(0, cx - radius); x <= Math.min(g.bw - 1, cx + radius); x++) {
      const b = y * g.bw + x;
      if (selected[b] === 0) continue;
      const v = value(b);
      n++;
      sum += v;
      squares += v * v;
    }
  if (n < 4) return null;
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(0, squares / n - mean * mean)) };
}

/** A scene: an image, a box in it, a patchy selection and ascending centres (edges included). */
function scene(seed: number, stride: number, bitDepth: 8 | 16) {
  const next = random(seed);
  const imageWidth = 61;
  const imageHeight = 47;
  const g = boxIn(imageWidth, 7, 5, 43, 37);
  const max = bitDepth === 8 ? 255 : 65535;
  const data =
    bitDepth === 8
      ? new Uint8Array(imageWidth * imageHeight * stride)
      : new Uint16Array(imageWidth * imageHeight * stride);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(next() * (max + 1));
  const selected = new Uint8Array(g.bw * g.bh);
  // Blobs and holes, plus a sparse corner, so that some windows hold fewer than 4 pixels.
  for (let b = 0; b < selected.length; b++) {
    const x = b % g.bw;
    const y = Math.floor(b / g.bw);
    const blob = Math.hypot(x - 20, y - 18) < 13 && Math.hypot(x - 22, y - 16) > 4;
    selected[b] = blob || (x > 36 && y < 6 && next() < 0.05) ? 1 : 0;
  }
  const centres: number[] = [0, g.bw - 1, (g.bh - 1) * g.bw, g.bw * g.bh - 1];
  for (let b = 0; b < selected.length; b++) if (next() < 0.15) centres.push(b);
  const sorted = Int32Array.from(new Set(centres)).sort();
  return { g, data, selected, centres: sorted };
}

for (const stride of [1, 3, 4]) {
  test(`8-bit samples (stride ${stride}): every window's mean and spread equal a direct count exactly`, () => {
    const { g, data, selected, centres } = scene(stride, stride, 8);
    for (const radius of [1, 3, 8, 50]) {
      const stats = new WindowStats(g, selected, centres, radius);
      for (let c = 0; c < Math.min(stride, 3); c++) {
        stats.load({ data, scale: 1 }, stride, c);
        let empty = 0;
        centres.forEach((centre, j) => {
          const value = (b: number): number => {
            const x = b % g.bw;
            const y = Math.floor(b / g.bw);
            return data[((y + g.box.y0) * g.imageWidth + x + g.box.x0) * stride + c];
          };
          const expected = direct(g, selected, value, centre, radius);
          if (expected === null) {
            empty++;
            assert.ok(Number.isNaN(stats.means[j]) && Number.isNaN(stats.stds[j]));
          } else {
            assert.equal(
              stats.means[j],
              expected.mean,
              `mean at centre ${centre}, radius ${radius}`,
            );
            assert.equal(stats.stds[j], expected.std, `std at centre ${centre}, radius ${radius}`);
          }
        });
        if (radius === 1) assert.ok(empty > 0, 'some windows hold too few pixels');
        if (radius === 50) assert.equal(empty, 0);
      }
    }
  });
}

test('16-bit samples are taken in 8-bit levels as float32, within float64 rounding', () => {
  const { g, data, selected, centres } = scene(9, 3, 16);
  const scale = 1 / 257;
  const stats = new WindowStats(g, selected, centres, 6);
  stats.load({ data, scale }, 3, 1);
  let compared = 0;
  centres.forEach((centre, j) => {
    const value = (b: number): number => {
      const x = b % g.bw;
      const y = Math.floor(b / g.bw);
      return Math.fround(data[((y + g.box.y0) * g.imageWidth + x + g.box.x0) * 3 + 1] * scale);
    };
    const expected = direct(g, selected, value, centre, 6);
    if (expected === null) return;
    compared++;
    assert.ok(Math.abs(stats.means[j] - expected.mean) <= 1e-9 * expected.mean);
    assert.ok(Math.abs(stats.stds[j] - expected.std) <= 1e-7 * Math.max(1, expected.std));
  });
  assert.ok(compared > 100);
});

test('means only: the same means, no spread; loading again leaves nothing of the last load', () => {
  const { g, data, selected, centres } = scene(4, 3, 8);
  const full = new WindowStats(g, selected, centres, 5);
  const meansOnly = new WindowStats(g, selected, centres, 5, false);
  for (const c of [2, 0, 2]) {
    full.load({ data, scale: 1 }, 3, c);
    meansOnly.load({ data, scale: 1 }, 3, c);
    assert.deepEqual(meansOnly.means, full.means);
    for (let j = 0; j < centres.length; j++)
      assert.equal(meansOnly.stds[j], Number.isNaN(full.means[j]) ? NaN : 0);
  }
});

test('centres must be given in ascending order', () => {
  const { g, selected } = scene(1, 3, 8);
  assert.throws(
    () => new WindowStats(g, selected, Int32Array.from([5, 3]), 2),
    /centres must ascend/,
  );
});

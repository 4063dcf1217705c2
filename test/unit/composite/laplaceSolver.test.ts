import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { solveLaplace } from '../../../src/core/engines/composite/laplaceSolver';

describe('solveLaplace', () => {
  for (const [label, radius] of [
    ['direct CG (small region)', 10],
    ['cascadic multigrid (large region)', 45],
  ] as const) {
    it(`reproduces a linear function from its boundary values: ${label}`, () => {
      // Linear functions are discretely harmonic, so the exact answer is known in advance.
      const width = 120;
      const height = 100;
      const linear = (x: number, y: number): number => 3 * x - 2 * y + 500;
      const unknown = new Uint8Array(width * height);
      const plane = new Float32Array(width * height);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const p = y * width + x;
          if ((x - 60) ** 2 + (y - 50) ** 2 <= radius * radius) unknown[p] = 1;
          else plane[p] = linear(x, y);
        }
      }
      solveLaplace({ width, height, unknown, values: [plane] }, { tolerance: 1e-7 });
      let worst = 0;
      for (let p = 0; p < plane.length; p++) {
        if (unknown[p] === 0) continue;
        worst = Math.max(worst, Math.abs(plane[p] - linear(p % width, Math.floor(p / width))));
      }
      assert.ok(worst < 0.05, `largest error ${worst}`);
    });
  }

  it('leaves known pixels alone and handles several channels', () => {
    const width = 30;
    const height = 30;
    const unknown = new Uint8Array(width * height);
    for (let y = 10; y < 20; y++) for (let x = 10; x < 20; x++) unknown[y * width + x] = 1;
    const a = new Float32Array(width * height).fill(7);
    const b = new Float32Array(width * height).fill(-3);
    for (let p = 0; p < a.length; p++) if (unknown[p]) a[p] = b[p] = 1000;
    solveLaplace({ width, height, unknown, values: [a, b] });
    for (let p = 0; p < a.length; p++) {
      assert.ok(Math.abs(a[p] - 7) < 1e-2, `a at ${p}: ${a[p]}`);
      assert.ok(Math.abs(b[p] + 3) < 1e-2, `b at ${p}: ${b[p]}`);
    }
  });
});

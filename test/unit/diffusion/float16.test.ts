import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { float16ToFloat32, float32ToFloat16 } from '../../../src/core/backend/float16';

/** Independent decoder from the IEEE 754 definition, for checking. */
function halfValue(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * Math.pow(2, -24);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * (1024 + fraction) * Math.pow(2, exponent - 25);
}

function nextUp(value: number): number {
  const f = new Float32Array([value]);
  const u = new Uint32Array(f.buffer);
  u[0] += value >= 0 ? 1 : -1;
  return f[0];
}

function nextDown(value: number): number {
  const f = new Float32Array([value]);
  const u = new Uint32Array(f.buffer);
  u[0] -= value > 0 ? 1 : -1;
  return f[0];
}

describe('float16 conversion', () => {
  it('decodes every half pattern to its IEEE value (zeros, subnormals, normals, inf, nan)', () => {
    const all = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const decoded = float16ToFloat32(all);
    for (let bits = 0; bits < 65536; bits++) {
      const expected = halfValue(bits);
      if (Number.isNaN(expected)) assert.ok(Number.isNaN(decoded[bits]), `bits ${bits}`);
      else
        assert.ok(
          Object.is(decoded[bits], Math.fround(expected)),
          `bits ${bits}: ${decoded[bits]} vs ${expected}`,
        );
    }
  });

  it('round-trips every non-NaN half exactly, and keeps NaN a NaN', () => {
    const all = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const back = float32ToFloat16(float16ToFloat32(all));
    for (let bits = 0; bits < 65536; bits++) {
      const isNaN = (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0;
      if (isNaN)
        assert.ok((back[bits] & 0x7c00) === 0x7c00 && (back[bits] & 0x3ff) !== 0, `nan ${bits}`);
      else assert.equal(back[bits], bits);
    }
  });

  it('rounds to nearest, ties to even, between every pair of adjacent finite halves', () => {
    for (let lower = 0; lower < 0x7bff; lower++) {
      const a = halfValue(lower);
      const b = halfValue(lower + 1);
      const mid = (a + b) / 2; // exactly representable in float32
      const even = lower % 2 === 0 ? lower : lower + 1;
      const [tie, above, below] = float32ToFloat16(
        new Float32Array([mid, nextUp(mid), nextDown(mid)]),
      );
      assert.equal(tie, even, `tie between ${lower} and ${lower + 1}`);
      assert.equal(above, lower + 1, `just above the midpoint of ${lower}`);
      assert.equal(below, lower, `just below the midpoint of ${lower}`);
      const [negTie] = float32ToFloat16(new Float32Array([-mid]));
      assert.equal(negTie, even | 0x8000);
    }
  });

  it('overflows to infinity, underflows to signed zero, keeps infinities', () => {
    const out = float32ToFloat16(
      new Float32Array([65504, 65520, 1e10, -1e10, Infinity, -Infinity, 1e-10, -1e-10, -0]),
    );
    assert.deepEqual(
      Array.from(out),
      [0x7bff, 0x7c00, 0x7c00, 0xfc00, 0x7c00, 0xfc00, 0, 0x8000, 0x8000],
    );
    assert.ok(Number.isNaN(float16ToFloat32(float32ToFloat16(new Float32Array([NaN])))[0]));
  });
});

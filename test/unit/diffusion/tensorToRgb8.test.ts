// The 8-bit post-processing (SIMD kernel, and the JavaScript loop it replaces) gives exactly diffusers' float32
// formula round_half_even(clamp(x / 2 + 0.5, 0, 1) * 255) for every value tested: all float32s within
// 64 ulps of each of the 255 rounding boundaries, and a spread of values inside and outside [-1, 1].
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setSimdEnabled } from '../../../src/core/engines/diffusion/simd/simdKernels';
import {
  NonFiniteError,
  referencePixelByte,
  tensorToRgb8,
} from '../../../src/core/engines/diffusion/tensors';

function planarOf(values: number[]): Float32Array {
  while (values.length % 3 !== 0) values.push(0);
  return Float32Array.from(values);
}

for (const simd of [true, false])
  describe(`tensorToRgb8 (${simd ? 'SIMD kernel' : 'JavaScript'})`, () => {
    // Hooks, not the describe body: every body runs before any test does.
    before(() => setSimdEnabled(simd));
    after(() => setSimdEnabled(true));

    it('matches the exact formula around every rounding boundary and across the range', () => {
      const bits = new Uint32Array(1);
      const asFloat = new Float32Array(bits.buffer);
      const values: number[] = [];
      for (let k = -1; k <= 256; k++) {
        asFloat[0] = (k + 0.5) / 127.5 - 1;
        const centre = bits[0];
        for (let d = -64; d <= 64; d++) {
          bits[0] = centre + d;
          if (Number.isFinite(asFloat[0])) values.push(asFloat[0]);
        }
      }
      for (let i = 0; i <= 20000; i++) values.push(Math.fround(-1.5 + (3 * i) / 20000));
      values.push(0, -0, 1, -1, 3.4e38, -3.4e38, 1e-45, -1e-45);
      const data = planarOf(values);
      const pixels = data.length / 3;
      const image = tensorToRgb8(data, pixels, 1);
      for (let i = 0; i < data.length; i++) {
        const c = Math.floor(i / pixels);
        const p = i % pixels;
        assert.equal(image.data[p * 3 + c], referencePixelByte(data[i]), `x = ${data[i]}`);
      }
    });

    it('maps the ends and the middle like diffusers (0.5 * 255 rounds half to even: 128)', () => {
      const image = tensorToRgb8(Float32Array.from([-1, 0, 1]), 1, 1);
      assert.deepEqual([...image.data], [0, 128, 255]);
    });

    it('refuses NaN and infinity instead of writing a black image', () => {
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
        assert.throws(() => tensorToRgb8(Float32Array.from([0, bad, 0]), 1, 1), NonFiniteError);
    });
  });

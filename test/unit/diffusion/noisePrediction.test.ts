// The guidance combination of the UNet output, eps_u + g (eps_c - eps_u) in float32, for float32
// outputs and for float16 ones decoded inside the same loop.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { float16ToFloat32, float32ToFloat16 } from '../../../src/core/backend/float16';
import { noisePrediction } from '../../../src/core/engines/diffusion/unetCall';

/** Torch's float32 arithmetic, one rounding per operation, written out independently. */
function guided(uncond: number, cond: number, scale: number): number {
  const difference = Math.fround(cond - uncond);
  return Math.fround(uncond + Math.fround(scale * difference));
}

const values = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i * 1.7) * (1 + i / 10));

describe('noisePrediction', () => {
  it('combines the unconditional and text halves with the guidance scale in float32', () => {
    const out = noisePrediction({ dtype: 'float32', dims: [2, 2, 4, 4], data: values }, 7.5);
    assert.equal(out.length, 32);
    for (let k = 0; k < 32; k++) assert.equal(out[k], guided(values[k], values[32 + k], 7.5));
  });

  it('decodes a float16 output inside the same loop, with the same result', () => {
    const bits = float32ToFloat16(values);
    const decoded = float16ToFloat32(bits);
    const out = noisePrediction({ dtype: 'float16', dims: [2, 2, 4, 4], data: bits }, 3);
    for (let k = 0; k < 32; k++) assert.equal(out[k], guided(decoded[k], decoded[32 + k], 3));
  });

  it('is the output itself, as float32, without guidance', () => {
    const bits = float32ToFloat16(values);
    assert.deepEqual(
      [...noisePrediction({ dtype: 'float16', dims: [1, 4, 4, 4], data: bits }, undefined)],
      [...float16ToFloat32(bits)],
    );
    const same = noisePrediction({ dtype: 'float32', dims: [1, 4, 4, 4], data: values }, undefined);
    assert.equal(same, values, 'no copy of a float32 output');
  });
});

// The buffer-reusing paths of the denoising loop give exactly what the allocating ones give: the
// schedulers' scaleModelInput/addNoise into a caller's array, GaussianGenerator.fill, and the
// UNet input buffer's layout.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GaussianGenerator } from '../../../src/core/engines/diffusion/random';
import {
  createScheduler,
  type SchedulerConfig,
} from '../../../src/core/engines/diffusion/schedulers/scheduler';
import { float32ToFloat16 } from '../../../src/core/backend/float16';
import { UnetSampleBuffer } from '../../../src/core/engines/diffusion/unetCall';
import type { SchedulerId } from '../../../src/shared/recipe';

const SD15: SchedulerConfig = {
  _class_name: 'PNDMScheduler',
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  beta_start: 0.00085,
  num_train_timesteps: 1000,
  set_alpha_to_one: false,
  skip_prk_steps: true,
  steps_offset: 1,
};
const IDS: SchedulerId[] = ['pndm', 'ddim', 'eulerAncestral', 'dpmSolverMultistep', 'lcm'];

describe('schedulers write into a reused buffer exactly what they would return', () => {
  for (const id of IDS) {
    it(id, () => {
      const sample = new GaussianGenerator(1).next(64);
      const noise = new GaussianGenerator(2).next(64);
      const fresh = createScheduler(SD15, id);
      const reusing = createScheduler(SD15, id);
      for (const s of [fresh, reusing]) {
        s.setTimesteps(10);
        s.setBeginIndex(0);
      }
      const t = fresh.timesteps[0];
      const buffer = new Float32Array(64).fill(Number.NaN);
      const added = reusing.addNoise(sample, noise, t, buffer);
      assert.equal(added, buffer, 'the given buffer is returned');
      assert.deepEqual(added, fresh.addNoise(sample, noise, t));
      const inPlace = sample.slice();
      const scaled = reusing.scaleModelInput(inPlace, t, inPlace);
      assert.equal(scaled, inPlace);
      assert.deepEqual(scaled, fresh.scaleModelInput(sample, t));
      assert.throws(() => reusing.addNoise(sample, noise, t, new Float32Array(63)), RangeError);
    });
  }
});

describe('GaussianGenerator.fill', () => {
  it('continues the stream of next(), odd counts and offsets included', () => {
    const expected = new GaussianGenerator(11).next(13);
    const generator = new GaussianGenerator(11);
    const out = new Float32Array(16).fill(-99);
    generator.fill(out, 2, 3);
    const middle = generator.next(5);
    generator.fill(out, 5, 5);
    assert.deepEqual([...out.subarray(2, 5)], [...expected.subarray(0, 3)]);
    assert.deepEqual([...middle], [...expected.subarray(3, 8)]);
    assert.deepEqual([...out.subarray(5, 10)], [...expected.subarray(8, 13)]);
    assert.deepEqual([out[0], out[1], out[10]], [-99, -99, -99], 'nothing outside the range');
    assert.throws(() => generator.fill(out, 10, 7), RangeError);
  });
});

describe('UnetSampleBuffer', () => {
  const plane = 2;
  const batch = 2;
  const latents = Float32Array.from({ length: batch * 4 * plane }, (_, i) => i + 1);
  const masks = Float32Array.from([0, 1, 1, 0]);
  const masked = Float32Array.from({ length: batch * 4 * plane }, (_, i) => -(i + 1));
  const halve = (x: Float32Array, out: Float32Array): void => {
    for (let i = 0; i < x.length; i++) out[i] = x[i] / 2;
  };
  const row = (b: number, source = latents): number[] => [
    ...Array.from(source.subarray(b * 8, (b + 1) * 8), (v) => v / 2),
    ...masks.subarray(b * plane, (b + 1) * plane),
    ...masked.subarray(b * 8, (b + 1) * 8),
  ];

  it('lays out [copies x batch] rows of scaled latents, mask and masked-image latents (9 channels)', () => {
    const buffer = new UnetSampleBuffer(9, 2, batch, plane, [4, 9, 1, 2], 'float32', {
      masks,
      masked,
    });
    const first = buffer.fill(latents, halve);
    assert.equal(first.dtype, 'float32');
    assert.deepEqual(first.dims, [4, 9, 1, 2]);
    assert.deepEqual([...first.data], [...row(0), ...row(1), ...row(0), ...row(1)]);
    const bigger = latents.map((v) => v * 4);
    const again = buffer.fill(bigger, halve);
    assert.equal(again.data, first.data, 'one buffer for the whole run');
    assert.deepEqual(
      [...again.data],
      [...row(0, bigger), ...row(1, bigger), ...row(0, bigger), ...row(1, bigger)],
    );
  });

  it('scales the latents once per step, not once per guidance copy', () => {
    const buffer = new UnetSampleBuffer(4, 2, batch, plane, [4, 4, 1, 2], 'float32');
    let calls = 0;
    buffer.fill(latents, (x, out) => {
      calls++;
      assert.equal(x.length, batch * 4 * plane, 'one copy of the batch');
      out.set(x);
    });
    assert.equal(calls, 1);
  });

  it('is the scaled latents, repeated per copy, for a 4-channel UNet', () => {
    const buffer = new UnetSampleBuffer(4, 2, 1, 1, [2, 4, 1, 1], 'float32');
    const out = buffer.fill(Float32Array.from([1, 2, 3, 4]), (x, o) => o.set(x));
    assert.deepEqual([...out.data], [1, 2, 3, 4, 1, 2, 3, 4]);
  });

  it('holds a float16 UNet input as the half bits of the float32 layout', () => {
    const reference = new UnetSampleBuffer(9, 2, batch, plane, [4, 9, 1, 2], 'float32', {
      masks,
      masked: masked.map((v) => v / 3), // values that float16 must round
    });
    const half = new UnetSampleBuffer(9, 2, batch, plane, [4, 9, 1, 2], 'float16', {
      masks,
      masked: masked.map((v) => v / 3),
    });
    const input = latents.map((v) => v / 7);
    const expected = float32ToFloat16(reference.fill(input, halve).data as Float32Array);
    const out = half.fill(input, halve);
    assert.equal(out.dtype, 'float16');
    assert.deepEqual([...out.data], [...expected]);
  });

  it('rejects a UNet whose sample is not a float tensor', () => {
    assert.throws(
      () => new UnetSampleBuffer(4, 1, 1, 1, [1, 4, 1, 1], 'int64'),
      /float32 or float16/,
    );
  });
});

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
  it('lays out [copies x batch] rows of scaled latents, mask and masked-image latents (9 channels)', () => {
    const plane = 2;
    const batch = 2;
    const latents = Float32Array.from({ length: batch * 4 * plane }, (_, i) => i + 1);
    const masks = Float32Array.from([0, 1, 1, 0]);
    const masked = Float32Array.from({ length: batch * 4 * plane }, (_, i) => -(i + 1));
    const buffer = new UnetSampleBuffer(9, 2, batch, plane, { masks, masked });
    const halve = (x: Float32Array, out: Float32Array): void => {
      for (let i = 0; i < x.length; i++) out[i] = x[i] / 2;
    };
    const first = buffer.fill(latents, halve);
    const row = (b: number): number[] => [
      ...Array.from(latents.subarray(b * 8, (b + 1) * 8), (v) => v / 2),
      ...masks.subarray(b * plane, (b + 1) * plane),
      ...masked.subarray(b * 8, (b + 1) * 8),
    ];
    assert.deepEqual([...first], [...row(0), ...row(1), ...row(0), ...row(1)]);
    const again = buffer.fill(
      latents.map((v) => v * 4),
      halve,
    );
    assert.equal(again, first, 'one buffer for the whole run');
    assert.equal(again[0], 2, 'refilled with the new latents');
    assert.equal(again[8], masks[0], 'condition kept');
  });

  it('is the scaled latents themselves for a 4-channel UNet', () => {
    const buffer = new UnetSampleBuffer(4, 2, 1, 1);
    const out = buffer.fill(Float32Array.from([1, 2, 3, 4]), (x, o) => o.set(x));
    assert.deepEqual([...out], [1, 2, 3, 4, 1, 2, 3, 4]);
  });
});

// Every supported scheduler against diffusers on recorded inputs (fixtures from
// scripts/fixtures/scheduler_reference.py): timesteps equal, init_noise_sigma, and for a whole denoising run
// scale_model_input, step and add_noise within float32 rounding of the recorded values (32 eps x the
// tensor's largest magnitude, see float32Tolerance.ts), each step fed the inputs diffusers saw.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NoiseSource } from '../../../../src/core/engines/diffusion/random';
import { createScheduler } from '../../../../src/core/engines/diffusion/schedulers/scheduler';
import { compareFloat32, FLOAT32_EPS, ROUNDING_MULTIPLE } from '../float32Tolerance';
import { decodeTensor, loadSchedulerFixtures } from './referenceFixture';

/** Asserts `actual` is within float32 rounding of diffusers' `expected`. */
function assertWithinRounding(actual: Float32Array, expected: Float32Array, where: string): void {
  const comparison = compareFloat32(actual, expected);
  assert.ok(comparison.ok, `${where}: ${comparison.describe}`);
}

/** Replays the noise diffusers drew, and fails if the scheduler asks for more or less. */
class RecordedNoise implements NoiseSource {
  constructor(private readonly values: Float32Array | undefined) {}
  used = false;
  next(count: number): Float32Array {
    assert.ok(this.values, 'scheduler drew noise where diffusers drew none');
    assert.equal(count, this.values.length);
    this.used = true;
    return this.values;
  }
}

const fixtures = loadSchedulerFixtures();

describe('scheduler parity with diffusers', () => {
  it('has fixtures for all five schedulers', () => {
    const classes = new Set(fixtures.map((f) => f.config._class_name));
    assert.deepEqual([...classes].sort(), [
      'DDIMScheduler',
      'DPMSolverMultistepScheduler',
      'EulerAncestralDiscreteScheduler',
      'LCMScheduler',
      'PNDMScheduler',
    ]);
  });

  for (const fixture of fixtures) {
    describe(fixture.name, () => {
      it('produces the same timesteps for every step count', () => {
        for (const [count, expected] of Object.entries(fixture.timestepsByCount)) {
          const scheduler = createScheduler(fixture.config);
          if (Array.isArray(expected)) {
            scheduler.setTimesteps(Number(count));
            assert.deepEqual([...scheduler.timesteps], expected, `${count} steps`);
          } else {
            assert.throws(
              () => scheduler.setTimesteps(Number(count)),
              `${count} steps must be rejected`,
            );
          }
        }
      });

      it('has the same order and init_noise_sigma', () => {
        const scheduler = createScheduler(fixture.config);
        assert.equal(scheduler.order, fixture.order);
        const bound = ROUNDING_MULTIPLE * FLOAT32_EPS * Math.max(1, fixture.initNoiseSigma);
        assert.ok(Math.abs(scheduler.initNoiseSigma - fixture.initNoiseSigma) <= bound);
      });

      it('runs the whole schedule on its own outputs and stays within float32 rounding of diffusers', () => {
        const { run } = fixture;
        const scheduler = createScheduler(fixture.config);
        scheduler.setTimesteps(run.steps);
        scheduler.setBeginIndex(run.beginIndex);
        let sample = decodeTensor(run.initialSample);
        // Fed its own outputs, each step may add its own rounding to what came before: the bound
        // grows by one rounding allowance per step.
        for (const [index, record] of run.records.entries()) {
          scheduler.scaleModelInput(sample, record.timestep);
          const noise = new RecordedNoise(
            record.stepNoise ? decodeTensor(record.stepNoise) : undefined,
          );
          sample = scheduler.step(decodeTensor(record.modelOutput), record.timestep, sample, noise);
          const comparison = compareFloat32(
            sample,
            decodeTensor(record.prevSample),
            ROUNDING_MULTIPLE * (index + 1),
          );
          assert.ok(comparison.ok, `t=${record.timestep}: ${comparison.describe}`);
        }
      });

      it('matches every step of a denoising run within float32 rounding', () => {
        const { run } = fixture;
        const scheduler = createScheduler(fixture.config);
        scheduler.setTimesteps(run.steps);
        const timesteps = scheduler.timesteps.slice(run.beginIndex);
        assert.deepEqual(timesteps, run.timesteps);
        scheduler.setBeginIndex(run.beginIndex);
        const image = decodeTensor(run.imageLatents);
        const noise = decodeTensor(run.noise);
        const initial =
          run.strength >= 1
            ? noise.map((n) => n * scheduler.initNoiseSigma)
            : scheduler.addNoise(image, noise, timesteps[0]);
        assertWithinRounding(initial, decodeTensor(run.initialSample), 'initial latents');

        let sample = decodeTensor(run.initialSample);
        run.records.forEach((record, i) => {
          const where = `step ${i} (t=${record.timestep})`;
          const scaled = scheduler.scaleModelInput(sample, record.timestep);
          const expectedScaled = record.scaledInput ? decodeTensor(record.scaledInput) : sample;
          assertWithinRounding(scaled, expectedScaled, `scale_model_input at ${where}`);

          const source = new RecordedNoise(
            record.stepNoise ? decodeTensor(record.stepNoise) : undefined,
          );
          const prev = scheduler.step(
            decodeTensor(record.modelOutput),
            record.timestep,
            sample,
            source,
          );
          const expected = decodeTensor(record.prevSample);
          assertWithinRounding(prev, expected, `step at ${where}`);
          assert.equal(source.used, record.stepNoise !== undefined, `noise use at ${where}`);

          if (record.addNoiseNext) {
            const blended = scheduler.addNoise(image, noise, timesteps[i + 1]);
            assertWithinRounding(
              blended,
              decodeTensor(record.addNoiseNext),
              `add_noise after ${where}`,
            );
          }
          sample = expected; // the next step gets exactly the sample diffusers fed it
        });
      });
    });
  }
});

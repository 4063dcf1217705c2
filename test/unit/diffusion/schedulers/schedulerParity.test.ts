// Every supported scheduler against diffusers on recorded inputs (fixtures from
// scripts/fixtures/scheduler_reference.py): timesteps equal, init_noise_sigma, and for a whole denoising run
// scale_model_input, step and add_noise within 1e-6 (absolute below 1, relative above), each step fed the
// inputs diffusers saw.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NoiseSource } from '../../../../src/core/engines/diffusion/random';
import { createScheduler } from '../../../../src/core/engines/diffusion/schedulers/scheduler';
import { decodeTensor, loadSchedulerFixtures, maxScaledDiff } from './referenceFixture';

/** In units of max(1, |expected|) (maxScaledDiff): 1e-6 absolute on small values, ~8 float32 ulps on large ones. */
const TOLERANCE = 1e-6;

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
        assert.ok(Math.abs(scheduler.initNoiseSigma - fixture.initNoiseSigma) <= TOLERANCE);
      });

      it('runs the whole schedule on its own outputs and stays within 1e-6 of diffusers', () => {
        const { run } = fixture;
        const scheduler = createScheduler(fixture.config);
        scheduler.setTimesteps(run.steps);
        scheduler.setBeginIndex(run.beginIndex);
        let sample = decodeTensor(run.initialSample);
        // Fed its own outputs, each step may add its own rounding to what came before: the bound
        // grows by one TOLERANCE per step (the cosine fixture's samples double every step).
        for (const [index, record] of run.records.entries()) {
          scheduler.scaleModelInput(sample, record.timestep);
          const noise = new RecordedNoise(
            record.stepNoise ? decodeTensor(record.stepNoise) : undefined,
          );
          sample = scheduler.step(decodeTensor(record.modelOutput), record.timestep, sample, noise);
          const diff = maxScaledDiff(sample, decodeTensor(record.prevSample));
          assert.ok(diff <= TOLERANCE * (index + 1), `t=${record.timestep}: max |diff| ${diff}`);
        }
      });

      it('matches every step of a denoising run within 1e-6', () => {
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
        assert.ok(
          maxScaledDiff(initial, decodeTensor(run.initialSample)) <= TOLERANCE,
          'initial latents',
        );

        let sample = decodeTensor(run.initialSample);
        run.records.forEach((record, i) => {
          const where = `step ${i} (t=${record.timestep})`;
          const scaled = scheduler.scaleModelInput(sample, record.timestep);
          const expectedScaled = record.scaledInput ? decodeTensor(record.scaledInput) : sample;
          assert.ok(
            maxScaledDiff(scaled, expectedScaled) <= TOLERANCE,
            `scale_model_input at ${where}`,
          );

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
          const diff = maxScaledDiff(prev, expected);
          assert.ok(diff <= TOLERANCE, `step at ${where}: max |diff| ${diff}`);
          assert.equal(source.used, record.stepNoise !== undefined, `noise use at ${where}`);

          if (record.addNoiseNext) {
            const blended = scheduler.addNoise(image, noise, timesteps[i + 1]);
            const blendDiff = maxScaledDiff(blended, decodeTensor(record.addNoiseNext));
            assert.ok(blendDiff <= TOLERANCE, `add_noise after ${where}: max |diff| ${blendDiff}`);
          }
          sample = expected; // the next step gets exactly the sample diffusers fed it
        });
      });
    });
  }
});

// Scheduler selection from scheduler_config.json, the recipe override, and clear errors for what is not
// reproduced (numerical parity itself is in schedulerParity.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GaussianGenerator } from '../../../../src/core/engines/diffusion/random';
import type { SchedulerConfig } from '../../../../src/core/engines/diffusion/schedulers/scheduler';
import { createScheduler } from '../../../../src/core/engines/diffusion/schedulers/scheduler';
import { loadSchedulerFixtures } from './referenceFixture';

const SD15: SchedulerConfig = {
  _class_name: 'PNDMScheduler',
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  beta_start: 0.00085,
  clip_sample: false,
  num_train_timesteps: 1000,
  set_alpha_to_one: false,
  skip_prk_steps: true,
  steps_offset: 1,
  trained_betas: null,
};

describe('createScheduler', () => {
  it('names the unsupported class and the supported ones', () => {
    assert.throws(
      () => createScheduler({ ...SD15, _class_name: 'HeunDiscreteScheduler' }),
      (error: Error) =>
        error.message.includes("'HeunDiscreteScheduler'") &&
        [
          'PNDMScheduler',
          'DDIMScheduler',
          'EulerAncestralDiscreteScheduler',
          'DPMSolverMultistepScheduler',
          'LCMScheduler',
        ].every((name) => error.message.includes(name)),
    );
  });

  it('builds the override from another class config, like diffusers from_config', () => {
    // the recorded Euler a / DPM++ / LCM fixtures were made with from_config(SD 1.5's PNDM config)
    const fromPndmConfig = loadSchedulerFixtures().filter(
      (f) => f.name.endsWith('_sd15') || f.name === 'lcm',
    );
    const ids = {
      EulerAncestralDiscreteScheduler: 'eulerAncestral',
      DPMSolverMultistepScheduler: 'dpmSolverMultistep',
      DDIMScheduler: 'ddim',
      LCMScheduler: 'lcm',
      PNDMScheduler: 'pndm',
    } as const;
    for (const fixture of fromPndmConfig) {
      const id = ids[fixture.config._class_name as keyof typeof ids];
      const scheduler = createScheduler(SD15, id);
      scheduler.setTimesteps(25);
      assert.deepEqual([...scheduler.timesteps], fixture.timestepsByCount['25'], fixture.name);
    }
  });

  it('rejects settings it does not reproduce, naming the field', () => {
    const cases: [SchedulerConfig, string][] = [
      [{ ...SD15, skip_prk_steps: false }, 'skip_prk_steps'],
      [{ ...SD15, _class_name: 'DDIMScheduler', thresholding: true }, 'thresholding'],
      [{ ...SD15, _class_name: 'DPMSolverMultistepScheduler', solver_order: 3 }, 'solver_order'],
      [
        { ...SD15, _class_name: 'DPMSolverMultistepScheduler', algorithm_type: 'sde-dpmsolver++' },
        'algorithm_type',
      ],
      [
        { ...SD15, _class_name: 'EulerAncestralDiscreteScheduler', rescale_betas_zero_snr: true },
        'rescale_betas_zero_snr',
      ],
    ];
    for (const [config, field] of cases) {
      assert.throws(() => createScheduler(config), new RegExp(field));
    }
  });

  it('names the field of a malformed config', () => {
    const bad = (patch: Record<string, unknown>): SchedulerConfig => ({ ...SD15, ...patch });
    assert.throws(
      () => createScheduler(bad({ prediction_type: 'flow_prediction' })),
      /prediction_type/,
    );
    assert.throws(() => createScheduler(bad({ timestep_spacing: 'even' })), /timestep_spacing/);
    assert.throws(() => createScheduler(bad({ steps_offset: 0.5 })), /steps_offset/);
    assert.throws(() => createScheduler(bad({ beta_start: '0.1' })), /beta_start/);
    assert.throws(() => createScheduler(bad({ trained_betas: [0.1, 0.2] })), /trained_betas/);
    assert.throws(() => createScheduler(bad({ beta_schedule: 'sigmoid' })), /beta_schedule/);
  });

  it('requires setTimesteps before step and a noise source for ancestral schedulers', () => {
    const latents = new Float32Array(8);
    assert.throws(() => createScheduler(SD15).step(latents, 981, latents), /setTimesteps/);
    const euler = createScheduler(SD15, 'eulerAncestral');
    euler.setTimesteps(4);
    const t = euler.timesteps[0];
    assert.throws(() => euler.step(latents, t, latents), /NoiseSource/);
    assert.doesNotThrow(() => euler.step(latents, t, latents, new GaussianGenerator(0)));
  });

  it('rejects mismatched tensor sizes and unknown timesteps', () => {
    const ddim = createScheduler(SD15, 'ddim');
    ddim.setTimesteps(10);
    assert.throws(() => ddim.step(new Float32Array(4), 901, new Float32Array(5)), /differ in size/);
    assert.throws(
      () => ddim.addNoise(new Float32Array(4), new Float32Array(4), 1000),
      /not a training timestep/,
    );
  });
});

// diffusers' inpainting pipelines rewrite steps_offset and skip_prk_steps in their constructor;
// the engine applies the same rewrite before building a scheduler.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inpaintPipelineConfig } from '../../../../src/core/engines/diffusion/schedulers/inpaintPipelineConfig';
import { createScheduler } from '../../../../src/core/engines/diffusion/schedulers/scheduler';
import type { SchedulerConfig } from '../../../../src/core/engines/diffusion/schedulers/scheduler';

/** A config as DDIMScheduler.save_config writes it with steps_offset 0: no skip_prk_steps key. */
const DDIM_SAVED: SchedulerConfig = {
  _class_name: 'DDIMScheduler',
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  beta_start: 0.00085,
  clip_sample: false,
  num_train_timesteps: 1000,
  set_alpha_to_one: false,
  steps_offset: 0,
  timestep_spacing: 'leading',
};

describe('inpaintPipelineConfig', () => {
  it('moves "leading" timesteps by the offset 1 diffusers forces', () => {
    const asSaved = createScheduler(DDIM_SAVED);
    asSaved.setTimesteps(10);
    const asRun = createScheduler(inpaintPipelineConfig(DDIM_SAVED));
    asRun.setTimesteps(10);
    assert.deepEqual(
      [...asRun.timesteps],
      asSaved.timesteps.map((t) => t + 1),
    );
    assert.equal(asRun.timesteps[0], 901);
  });

  it('lets a config without skip_prk_steps drive PNDM (the presets scheduler)', () => {
    assert.throws(() => createScheduler(DDIM_SAVED, 'pndm'), /skip_prk_steps/);
    const pndm = createScheduler(inpaintPipelineConfig(DDIM_SAVED), 'pndm');
    pndm.setTimesteps(4);
    // PLMS with offset 1: 751, 501, 501 (repeated), 251, 1
    assert.deepEqual([...pndm.timesteps], [751, 501, 501, 251, 1]);
  });

  it('changes nothing in a config diffusers already rewrote', () => {
    const rewritten = inpaintPipelineConfig(DDIM_SAVED);
    assert.deepEqual(inpaintPipelineConfig(rewritten), rewritten);
  });
});

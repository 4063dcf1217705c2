import type { SchedulerConfig } from './config';

/**
 * The scheduler config diffusers' inpainting pipelines actually run with.
 *
 * `StableDiffusionInpaintPipeline` (and its ONNX twin) rewrite the scheduler they are built with
 * in their constructor: an outdated `steps_offset` (anything but 1) becomes 1, and a PNDM
 * `skip_prk_steps: false` becomes true. So a model whose scheduler_config.json was saved with
 * `steps_offset: 0`, or by a class without `skip_prk_steps` (DDIM, Euler, DPM-Solver: PNDM's
 * class default is false), runs in diffusers as if the file said 1 and true. Applying the same
 * rewrite here keeps "leading" timesteps identical (offset 0 shifts every timestep by one) and
 * lets such a config drive PNDM, as the presets ask. Every supported class reads
 * `steps_offset`; only PNDM reads `skip_prk_steps`, so setting it is harmless for the others.
 * Idempotent: a config diffusers already rewrote is returned unchanged in value.
 */
export function inpaintPipelineConfig(config: SchedulerConfig): SchedulerConfig {
  return { ...config, steps_offset: 1, skip_prk_steps: true };
}

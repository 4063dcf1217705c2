import type { SchedulerId } from '../../../../shared/recipe';
import type { NoiseSource } from '../random';
import type { SchedulerConfig } from './config';
import { DdimScheduler } from './ddim';
import { DpmSolverMultistepScheduler } from './dpmSolverMultistep';
import { EulerAncestralScheduler } from './eulerAncestral';
import { LcmScheduler } from './lcm';
import { PndmScheduler } from './pndm';

export type { SchedulerConfig } from './config';

/**
 * A diffusers-compatible noise scheduler working on flat float32 latents (C order, any shape).
 *
 * Typical loop (what diffusers' StableDiffusionInpaintPipeline does):
 * ```ts
 * scheduler.setTimesteps(steps);
 * // strength < 1 keeps the last int(steps * strength) steps:
 * const initSteps = Math.min(Math.floor(steps * strength), steps);
 * const tStart = Math.max(steps - initSteps, 0);
 * const timesteps = scheduler.timesteps.slice(tStart * scheduler.order);
 * scheduler.setBeginIndex(tStart * scheduler.order);   // BEFORE the first addNoise/scaleModelInput
 * let x = strength >= 1 ? noise * initNoiseSigma : scheduler.addNoise(imageLatents, noise, timesteps[0]);
 * for (const [i, t] of timesteps.entries()) {
 *   const eps = unet(scheduler.scaleModelInput(x, t), t);   // guidance applied to eps
 *   x = scheduler.step(eps, t, x, generator);               // generator feeds Euler a / LCM noise
 *   // 4-channel UNet: blend with addNoise(imageLatents, noise, timesteps[i + 1]) outside the mask
 * }
 * ```
 * Strength with index-based schedulers (Euler a, DPM-Solver, LCM): they keep a step index; diffusers'
 * inpaint pipeline calls `set_begin_index(t_start * order)` so the first step, the initial `add_noise` and
 * every later `add_noise` use the sigma at the right index, even when a timestep value repeats. Call
 * `setBeginIndex` for every scheduler (PNDM and DDIM ignore it: they look timesteps up by value). Note
 * PNDM with skip_prk_steps has steps + 1 timesteps (the second is repeated); iterate `timesteps`, not a count.
 * Schedulers are stateful: create one per generation (or call setTimesteps again before reuse).
 */
export interface Scheduler {
  /** diffusers' scheduler.order (1 for all five, PNDM included with skip_prk_steps). */
  readonly order: number;
  /** Scale of the initial noise (1 except Euler a, where it is the largest sigma). */
  readonly initNoiseSigma: number;
  /** Timesteps of the current schedule (after setTimesteps), highest first. */
  readonly timesteps: readonly number[];
  /** Builds the schedule for this many denoising steps and resets all state. */
  setTimesteps(numInferenceSteps: number): void;
  /** diffusers' set_begin_index / strength support: begin at timesteps[beginIndex]. */
  setBeginIndex(beginIndex: number): void;
  /**
   * The UNet input for this timestep (identity except Euler a). Returns a new array, or writes into
   * `out` (which may be `sample` itself) and returns it, so a loop can reuse one buffer.
   */
  scaleModelInput(sample: Float32Array, timestep: number, out?: Float32Array): Float32Array;
  /** One denoising step: the previous (less noisy) sample. `noise` is required by Euler a and LCM. */
  step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    noise?: NoiseSource,
  ): Float32Array;
  /**
   * Forward diffusion of `original` to `timestep` with the given noise (image latents for
   * strength/blending); into `out` when given (a reused buffer), else a new array.
   */
  addNoise(
    original: Float32Array,
    noise: Float32Array,
    timestep: number,
    out?: Float32Array,
  ): Float32Array;
}

/** diffusers class names of the supported schedulers, by MaskMedPaint's scheduler id. */
export const SCHEDULER_CLASS_NAMES: Record<SchedulerId, string> = {
  pndm: 'PNDMScheduler',
  ddim: 'DDIMScheduler',
  eulerAncestral: 'EulerAncestralDiscreteScheduler',
  dpmSolverMultistep: 'DPMSolverMultistepScheduler',
  lcm: 'LCMScheduler',
};

/**
 * Builds the scheduler a model's scheduler_config.json names, or `override` configured from the same file
 * (like diffusers' `OtherScheduler.from_config(pipe.scheduler.config)`). Throws for an unsupported class,
 * naming it and the supported ones, and for settings the implementation does not reproduce.
 */
export function createScheduler(config: SchedulerConfig, override?: SchedulerId): Scheduler {
  const id = override ?? schedulerIdForClass(config._class_name);
  switch (id) {
    case 'pndm':
      return new PndmScheduler(config);
    case 'ddim':
      return new DdimScheduler(config);
    case 'eulerAncestral':
      return new EulerAncestralScheduler(config);
    case 'dpmSolverMultistep':
      return new DpmSolverMultistepScheduler(config);
    case 'lcm':
      return new LcmScheduler(config);
  }
}

function schedulerIdForClass(className: unknown): SchedulerId {
  for (const [id, name] of Object.entries(SCHEDULER_CLASS_NAMES)) {
    if (name === className) return id as SchedulerId;
  }
  const supported = Object.values(SCHEDULER_CLASS_NAMES).join(', ');
  throw new Error(
    `Unsupported scheduler class '${String(className)}' in scheduler_config.json; supported: ${supported} ` +
      `(or choose one of them as the recipe's scheduler override)`,
  );
}

/**
 * The contract every scheduler implements, apart from the factory (scheduler.ts) that builds one,
 * so the implementations and the factory do not import each other.
 */
import type { NoiseSource } from '../random';

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

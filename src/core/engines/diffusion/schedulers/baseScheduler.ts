import { simdKernels } from '../simd/simdKernels';
import type { NoiseSource } from '../random';
import type { ResolvedConfig, SchedulerConfig } from './config';
import { alphasCumprod, resolveConfig } from './config';
import { assertSameLength } from './numerics';
import type { Scheduler } from './schedulerContract';

/** Math.fround bound locally: a module-export getter call per element would dominate the hot loops. */
const f32 = Math.fround;

/** What every scheduler shares: the resolved config, alphas_cumprod, the schedule and the begin index. */
export abstract class BaseScheduler implements Scheduler {
  readonly order: number = 1;
  abstract readonly initNoiseSigma: number;
  protected readonly config: ResolvedConfig;
  protected readonly alphasCumprod: Float32Array;
  protected schedule: number[] = [];
  protected numInferenceSteps: number | undefined;
  protected beginIndex: number | undefined;

  protected constructor(config: SchedulerConfig, className: string) {
    if (typeof config !== 'object' || config === null) {
      throw new Error(`${className}: scheduler config must be an object`);
    }
    this.config = resolveConfig(config, className);
    this.alphasCumprod = alphasCumprod(this.config);
  }

  get timesteps(): readonly number[] {
    return this.schedule;
  }

  abstract setTimesteps(numInferenceSteps: number): void;
  abstract step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    noise?: NoiseSource,
  ): Float32Array;
  abstract addNoise(
    original: Float32Array,
    noise: Float32Array,
    timestep: number,
    out?: Float32Array,
  ): Float32Array;

  setBeginIndex(beginIndex: number): void {
    if (!Number.isInteger(beginIndex) || beginIndex < 0) {
      throw new RangeError(
        `${this.config._class_name}: begin index must be a non-negative integer`,
      );
    }
    this.beginIndex = beginIndex;
  }

  scaleModelInput(sample: Float32Array, _timestep: number, out?: Float32Array): Float32Array {
    if (out === undefined) return sample.slice();
    assertSameLength(`${this.config._class_name}.scaleModelInput`, sample, out);
    if (out !== sample) out.set(sample);
    return out;
  }

  /** Validates the step count shared by every class (diffusers raises for more steps than training steps). */
  protected checkStepCount(numInferenceSteps: number): void {
    if (!Number.isInteger(numInferenceSteps) || numInferenceSteps < 1) {
      throw new RangeError(
        `${this.config._class_name}: number of inference steps must be a positive integer`,
      );
    }
    if (numInferenceSteps > this.config.num_train_timesteps) {
      throw new RangeError(
        `${this.config._class_name}: ${numInferenceSteps} inference steps exceed num_train_timesteps ` +
          `(${this.config.num_train_timesteps})`,
      );
    }
  }

  protected requireTimesteps(): number {
    if (this.numInferenceSteps === undefined) {
      throw new Error(`${this.config._class_name}: call setTimesteps() before step()`);
    }
    return this.numInferenceSteps;
  }

  /** alphas_cumprod[t] for an integer training timestep. */
  protected alphaAt(timestep: number): number {
    if (!Number.isInteger(timestep) || timestep < 0 || timestep >= this.alphasCumprod.length) {
      throw new RangeError(
        `${this.config._class_name}: timestep ${timestep} is not a training timestep`,
      );
    }
    return this.alphasCumprod[timestep];
  }

  /** add_noise of the alpha-based schedulers (PNDM, DDIM, LCM): sqrt(a) x + sqrt(1 - a) n in float32. */
  protected addNoiseByAlpha(
    original: Float32Array,
    noise: Float32Array,
    timestep: number,
    target?: Float32Array,
  ): Float32Array {
    const out = target ?? new Float32Array(original.length);
    assertSameLength(`${this.config._class_name}.addNoise`, original, noise, out);
    const alpha = this.alphaAt(timestep);
    const sqrtAlpha = f32(Math.sqrt(alpha));
    const sqrtOneMinusAlpha = f32(Math.sqrt(f32(1 - alpha)));
    const kernels = simdKernels();
    if (kernels) return kernels.axpby(original, noise, sqrtAlpha, sqrtOneMinusAlpha, out);
    for (let i = 0; i < out.length; i++)
      out[i] = f32(sqrtAlpha * original[i]) + f32(sqrtOneMinusAlpha * noise[i]);
    return out;
  }

  /** diffusers' `leading` spacing shared by the alpha-based schedulers: (0..n-1) * (T // n) + steps_offset. */
  protected leadingTimesteps(count: number): number[] {
    const ratio = Math.floor(this.config.num_train_timesteps / count);
    return Array.from({ length: count }, (_, i) => i * ratio + this.config.steps_offset);
  }
}

import { simdKernels } from '../simd/simdKernels';
import type { NoiseSource } from '../random';
import { BaseScheduler } from './baseScheduler';
import type { SchedulerConfig } from './config';
import { rejectUnsupported, trainSigmas } from './config';
import {
  assertSameLength,
  interpAtIndex,
  numpyArange,
  numpyLinspace,
  roundHalfEven,
} from './numerics';

/** Math.fround bound locally: a module-export getter call per element would dominate the hot loops. */
const f32 = Math.fround;

/**
 * diffusers' EulerAncestralDiscreteScheduler ("Euler a"): sigmas interpolated at (possibly fractional)
 * float32 timesteps, scale_model_input dividing by sqrt(sigma^2 + 1), and ancestral noise drawn from the
 * NoiseSource at every step (diffusers draws it on the last step too, where its weight is zero; drawing it
 * keeps a shared generator's stream aligned with diffusers). Epsilon and v_prediction.
 */
export class EulerAncestralScheduler extends BaseScheduler {
  private readonly trainSigmas: Float32Array;
  private sigmas: Float32Array;
  private stepIndex: number | undefined;

  constructor(config: SchedulerConfig) {
    super(config, 'EulerAncestralDiscreteScheduler');
    rejectUnsupported(this.config, ['rescale_betas_zero_snr']);
    if (this.config.prediction_type === 'sample') {
      throw new Error(
        "EulerAncestralDiscreteScheduler: prediction_type 'sample' is not supported (nor in diffusers)",
      );
    }
    this.trainSigmas = trainSigmas(this.alphasCumprod);
    this.sigmas = Float32Array.from([...this.trainSigmas].reverse().concat([0]));
    this.updateInitNoiseSigma();
  }

  /** sigmas.max() (or sqrt(max^2 + 1) with 'leading' spacing) of the current schedule; kept as a field
   * because callers read it per element. */
  initNoiseSigma = 0;

  private updateInitNoiseSigma(): void {
    let max = 0;
    for (const s of this.sigmas) max = Math.max(max, s);
    this.initNoiseSigma =
      this.config.timestep_spacing === 'leading' ? f32(Math.sqrt(f32(f32(max * max) + 1))) : max;
  }

  setTimesteps(numInferenceSteps: number): void {
    const n = numInferenceSteps;
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(
        'EulerAncestralDiscreteScheduler: number of inference steps must be a positive integer',
      );
    }
    const T = this.config.num_train_timesteps;
    let timesteps: number[];
    switch (this.config.timestep_spacing) {
      case 'linspace':
        timesteps = numpyLinspace(0, T - 1, n)
          .map(f32)
          .reverse();
        break;
      case 'leading':
        timesteps = this.leadingTimesteps(n).reverse();
        break;
      case 'trailing':
        timesteps = numpyArange(T, 0, -T / n).map((t) => roundHalfEven(t) - 1);
        break;
    }
    const sigmas = timesteps.map((t) => interpAtIndex(t, this.trainSigmas));
    this.sigmas = Float32Array.from([...sigmas, 0]);
    this.updateInitNoiseSigma();
    this.schedule = timesteps;
    this.numInferenceSteps = n;
    this.stepIndex = undefined;
    this.beginIndex = undefined;
  }

  /** diffusers' index_for_timestep: the second match when a timestep repeats, else the first. */
  private indexForTimestep(timestep: number): number {
    const matches: number[] = [];
    this.schedule.forEach((t, i) => {
      if (t === f32(timestep)) matches.push(i);
    });
    if (matches.length === 0) {
      throw new RangeError(
        `EulerAncestralDiscreteScheduler: timestep ${timestep} is not in the schedule`,
      );
    }
    return matches.length > 1 ? matches[1] : matches[0];
  }

  private currentIndex(timestep: number): number {
    if (this.stepIndex === undefined)
      this.stepIndex = this.beginIndex ?? this.indexForTimestep(timestep);
    return this.stepIndex;
  }

  override scaleModelInput(
    sample: Float32Array,
    timestep: number,
    target?: Float32Array,
  ): Float32Array {
    this.requireTimesteps();
    const sigma = this.sigmas[this.currentIndex(timestep)];
    const divisor = f32(Math.sqrt(f32(f32(sigma * sigma) + 1)));
    const out = target ?? new Float32Array(sample.length);
    assertSameLength('EulerAncestralDiscreteScheduler.scaleModelInput', sample, out);
    for (let i = 0; i < out.length; i++) out[i] = sample[i] / divisor;
    return out;
  }

  step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    noise?: NoiseSource,
  ): Float32Array {
    this.requireTimesteps();
    assertSameLength('EulerAncestralDiscreteScheduler.step', modelOutput, sample);
    if (!noise)
      throw new Error(
        'EulerAncestralDiscreteScheduler.step needs a NoiseSource for its ancestral noise',
      );
    const index = this.currentIndex(timestep);
    const sigma = this.sigmas[index];
    const sigmaTo = this.sigmas[index + 1];
    const from2 = f32(sigma * sigma);
    const to2 = f32(sigmaTo * sigmaTo);
    const sigmaUp = f32(Math.sqrt(f32(f32(to2 * f32(from2 - to2)) / from2)));
    const sigmaDown = f32(Math.sqrt(f32(to2 - f32(sigmaUp * sigmaUp))));
    const dt = f32(sigmaDown - sigma);
    const vScale = f32(-sigma / f32(Math.sqrt(f32(from2 + 1))));
    const vDivisor = f32(from2 + 1);
    const drawn = noise.next(sample.length);
    if (drawn.length !== sample.length)
      throw new RangeError('NoiseSource returned the wrong number of values');
    const epsilon = this.config.prediction_type === 'epsilon';
    const kernels = simdKernels();
    if (kernels && epsilon) {
      this.stepIndex = index + 1;
      return kernels.eulerAncestralEpsilon(sample, modelOutput, drawn, { sigma, dt, sigmaUp });
    }
    const out = new Float32Array(sample.length);
    for (let i = 0; i < out.length; i++) {
      const x = sample[i];
      const m = modelOutput[i];
      const predOriginal = epsilon
        ? f32(x - f32(sigma * m))
        : f32(f32(m * vScale) + f32(x / vDivisor));
      const derivative = f32(f32(x - predOriginal) / sigma);
      const moved = f32(x + f32(derivative * dt));
      out[i] = moved + f32(drawn[i] * sigmaUp);
    }
    this.stepIndex = index + 1;
    return out;
  }

  addNoise(
    original: Float32Array,
    noise: Float32Array,
    timestep: number,
    target?: Float32Array,
  ): Float32Array {
    this.requireTimesteps();
    const out = target ?? new Float32Array(original.length);
    assertSameLength('EulerAncestralDiscreteScheduler.addNoise', original, noise, out);
    const index =
      this.beginIndex === undefined
        ? this.indexForTimestep(timestep)
        : (this.stepIndex ?? this.beginIndex);
    const sigma = this.sigmas[index];
    for (let i = 0; i < out.length; i++) out[i] = original[i] + f32(noise[i] * sigma);
    return out;
  }
}

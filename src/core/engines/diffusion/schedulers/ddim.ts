import { simdKernels } from '../simd/simdKernels';
import type { NoiseSource } from '../random';
import { BaseScheduler } from './baseScheduler';
import type { SchedulerConfig } from './config';
import { rejectUnsupported } from './config';
import { assertSameLength, numpyArange, numpyLinspace, roundHalfEven } from './numerics';

/** Math.fround bound locally: a module-export getter call per element would dominate the hot loops. */
const f32 = Math.fround;

/**
 * diffusers' DDIMScheduler with eta = 0 (deterministic; what the Stable Diffusion pipelines pass by
 * default): all three timestep spacings, clip_sample, set_alpha_to_one, and epsilon, sample and
 * v_prediction. Float32 arithmetic in diffusers' operation order.
 */
export class DdimScheduler extends BaseScheduler {
  readonly initNoiseSigma = 1;
  private readonly finalAlphaCumprod: number;

  constructor(config: SchedulerConfig) {
    super(config, 'DDIMScheduler');
    rejectUnsupported(this.config, ['thresholding', 'rescale_betas_zero_snr']);
    this.finalAlphaCumprod = this.config.set_alpha_to_one ? 1 : this.alphasCumprod[0];
  }

  setTimesteps(numInferenceSteps: number): void {
    this.checkStepCount(numInferenceSteps);
    const T = this.config.num_train_timesteps;
    switch (this.config.timestep_spacing) {
      case 'linspace':
        this.schedule = numpyLinspace(0, T - 1, numInferenceSteps)
          .map(roundHalfEven)
          .reverse();
        break;
      case 'leading':
        this.schedule = this.leadingTimesteps(numInferenceSteps).reverse();
        break;
      case 'trailing':
        this.schedule = numpyArange(T, 0, -T / numInferenceSteps).map((t) => roundHalfEven(t) - 1);
        break;
    }
    this.numInferenceSteps = numInferenceSteps;
  }

  step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    _noise?: NoiseSource,
  ): Float32Array {
    const steps = this.requireTimesteps();
    assertSameLength('DDIMScheduler.step', modelOutput, sample);
    const prevTimestep = timestep - Math.floor(this.config.num_train_timesteps / steps);
    const alpha = this.alphaAt(timestep);
    const alphaPrev = prevTimestep >= 0 ? this.alphaAt(prevTimestep) : this.finalAlphaCumprod;
    const beta = f32(1 - alpha);
    const sqrtAlpha = f32(Math.sqrt(alpha));
    const sqrtBeta = f32(Math.sqrt(beta));
    const range = f32(this.config.clip_sample_range);
    // eta = 0: std_dev_t = 0, so the direction coefficient is sqrt(1 - alpha_prev - 0).
    const directionCoeff = f32(Math.sqrt(f32(1 - alphaPrev)));
    const sqrtAlphaPrev = f32(Math.sqrt(alphaPrev));
    const predictionType = this.config.prediction_type;
    const clip = this.config.clip_sample;
    const kernels = simdKernels();
    if (kernels && predictionType === 'epsilon' && !clip) {
      return kernels.ddimEpsilon(sample, modelOutput, {
        sqrtBeta,
        sqrtAlpha,
        sqrtAlphaPrev,
        directionCoeff,
      });
    }
    const out = new Float32Array(sample.length);
    for (let i = 0; i < out.length; i++) {
      const x = sample[i];
      const m = modelOutput[i];
      let predOriginal: number;
      let predEpsilon: number;
      switch (predictionType) {
        case 'epsilon':
          predOriginal = f32(f32(x - f32(sqrtBeta * m)) / sqrtAlpha);
          predEpsilon = m;
          break;
        case 'sample':
          predOriginal = m;
          predEpsilon = f32(f32(x - f32(sqrtAlpha * m)) / sqrtBeta);
          break;
        case 'v_prediction':
          predOriginal = f32(f32(sqrtAlpha * x) - f32(sqrtBeta * m));
          predEpsilon = f32(f32(sqrtAlpha * m) + f32(sqrtBeta * x));
          break;
      }
      if (clip) predOriginal = Math.min(Math.max(predOriginal, -range), range);
      out[i] = f32(sqrtAlphaPrev * predOriginal) + f32(directionCoeff * predEpsilon);
    }
    return out;
  }

  addNoise(
    original: Float32Array,
    noise: Float32Array,
    timestep: number,
    out?: Float32Array,
  ): Float32Array {
    return this.addNoiseByAlpha(original, noise, timestep, out);
  }
}

import { simdKernels } from '../simd/simdKernels';
import type { NoiseSource } from '../random';
import { BaseScheduler } from './baseScheduler';
import type { SchedulerConfig } from './config';
import { rejectUnsupported } from './config';
import { assertSameLength, numpyLinspace } from './numerics';

/** Math.fround bound locally: a module-export getter call per element would dominate the hot loops. */
const f32 = Math.fround;

/**
 * diffusers' LCMScheduler (latent consistency models, 2 to 8 steps): timesteps picked from the
 * distillation schedule of `original_inference_steps`, the consistency boundary condition (c_skip, c_out)
 * and fresh noise from the NoiseSource after every step but the last. Epsilon, sample and v_prediction;
 * clip_sample. The timestep arrives as an integer tensor in diffusers, so c_skip and c_out are float32.
 */
export class LcmScheduler extends BaseScheduler {
  readonly initNoiseSigma = 1;
  private readonly finalAlphaCumprod: number;
  private stepIndex: number | undefined;

  constructor(config: SchedulerConfig) {
    super(config, 'LCMScheduler');
    rejectUnsupported(this.config, ['thresholding', 'rescale_betas_zero_snr']);
    this.finalAlphaCumprod = this.config.set_alpha_to_one ? 1 : this.alphasCumprod[0];
  }

  setTimesteps(numInferenceSteps: number): void {
    this.checkStepCount(numInferenceSteps);
    const original = this.config.original_inference_steps;
    if (original > this.config.num_train_timesteps) {
      throw new RangeError('LCMScheduler: original_inference_steps exceeds num_train_timesteps');
    }
    const k = Math.floor(this.config.num_train_timesteps / original);
    const origin = Array.from({ length: original }, (_, i) => (i + 1) * k - 1);
    if (Math.floor(origin.length / numInferenceSteps) < 1 || numInferenceSteps > original) {
      throw new RangeError(
        `LCMScheduler: ${numInferenceSteps} steps exceed original_inference_steps (${original}); use at most ${original}`,
      );
    }
    origin.reverse();
    const indices = numpyLinspace(0, origin.length, numInferenceSteps, false).map(Math.floor);
    this.schedule = indices.map((i) => origin[i]);
    this.numInferenceSteps = numInferenceSteps;
    this.stepIndex = undefined;
    this.beginIndex = undefined;
  }

  private indexForTimestep(timestep: number): number {
    const matches: number[] = [];
    this.schedule.forEach((t, i) => {
      if (t === timestep) matches.push(i);
    });
    if (matches.length === 0)
      throw new RangeError(`LCMScheduler: timestep ${timestep} is not in the schedule`);
    return matches.length > 1 ? matches[1] : matches[0];
  }

  step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    noise?: NoiseSource,
  ): Float32Array {
    const steps = this.requireTimesteps();
    assertSameLength('LCMScheduler.step', modelOutput, sample);
    if (this.stepIndex === undefined)
      this.stepIndex = this.beginIndex ?? this.indexForTimestep(timestep);
    const index = this.stepIndex;
    const prevTimestep = index + 1 < this.schedule.length ? this.schedule[index + 1] : timestep;
    const alpha = this.alphaAt(timestep);
    const alphaPrev = prevTimestep >= 0 ? this.alphaAt(prevTimestep) : this.finalAlphaCumprod;
    const sqrtAlpha = f32(Math.sqrt(alpha));
    const sqrtBeta = f32(Math.sqrt(f32(1 - alpha)));
    // get_scalings_for_boundary_condition_discrete with sigma_data = 0.5, on float32 tensors
    const scaled = f32(timestep * this.config.timestep_scaling);
    const denom = f32(f32(scaled * scaled) + 0.25);
    const cSkip = f32(f32(1 / denom) * 0.25);
    const cOut = f32(scaled / f32(Math.sqrt(denom)));
    const range = f32(this.config.clip_sample_range);

    const predictionType = this.config.prediction_type;
    const clip = this.config.clip_sample;
    const kernels = simdKernels();
    const denoised =
      kernels && predictionType === 'epsilon' && !clip
        ? kernels.lcmEpsilon(sample, modelOutput, { sqrtBeta, sqrtAlpha, cOut, cSkip })
        : this.denoise(sample, modelOutput, { sqrtBeta, sqrtAlpha, cOut, cSkip, range });
    this.stepIndex = index + 1;
    if (index === steps - 1) return denoised;
    if (!noise)
      throw new Error('LCMScheduler.step needs a NoiseSource for the noise between steps');
    const drawn = noise.next(sample.length);
    if (drawn.length !== sample.length)
      throw new RangeError('NoiseSource returned the wrong number of values');
    const sqrtAlphaPrev = f32(Math.sqrt(alphaPrev));
    const sqrtBetaPrev = f32(Math.sqrt(f32(1 - alphaPrev)));
    if (kernels) return kernels.axpby(denoised, drawn, sqrtAlphaPrev, sqrtBetaPrev);
    const prev = new Float32Array(sample.length);
    for (let i = 0; i < prev.length; i++)
      prev[i] = f32(sqrtAlphaPrev * denoised[i]) + f32(sqrtBetaPrev * drawn[i]);
    return prev;
  }

  /** The denoised sample c_out x0 + c_skip x, in float32, for every prediction type. */
  private denoise(
    sample: Float32Array,
    modelOutput: Float32Array,
    c: { sqrtBeta: number; sqrtAlpha: number; cOut: number; cSkip: number; range: number },
  ): Float32Array {
    const { sqrtBeta, sqrtAlpha, cOut, cSkip, range } = c;
    const predictionType = this.config.prediction_type;
    const clip = this.config.clip_sample;
    const denoised = new Float32Array(sample.length);
    for (let i = 0; i < sample.length; i++) {
      const x = sample[i];
      const m = modelOutput[i];
      let predOriginal: number;
      switch (predictionType) {
        case 'epsilon':
          predOriginal = f32(f32(x - f32(sqrtBeta * m)) / sqrtAlpha);
          break;
        case 'sample':
          predOriginal = m;
          break;
        case 'v_prediction':
          predOriginal = f32(f32(sqrtAlpha * x) - f32(sqrtBeta * m));
          break;
      }
      if (clip) predOriginal = Math.min(Math.max(predOriginal, -range), range);
      denoised[i] = f32(cOut * predOriginal) + f32(cSkip * x);
    }
    return denoised;
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

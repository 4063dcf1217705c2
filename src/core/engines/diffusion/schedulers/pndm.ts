import type { NoiseSource } from '../random';
import { simdKernels } from '../simd/simdKernels';
import { BaseScheduler } from './baseScheduler';
import type { SchedulerConfig } from './config';
import { rejectUnsupported } from './config';
import { assertSameLength, numpyArange, numpyLinspace, roundHalfEven } from './numerics';

/** Math.fround bound locally: a module-export getter call per element would dominate the hot loops. */
const f32 = Math.fround;

/**
 * diffusers' PNDMScheduler with skip_prk_steps (the PLMS linear multistep method Stable Diffusion 1.x ships
 * with; the authors' scheduler). 'leading' spacing with steps_offset, set_alpha_to_one, epsilon and
 * v_prediction. The schedule has steps + 1 entries: the second timestep repeats, and the step at the repeat
 * completes a second-order warm-up (diffusers' counter == 1 branch).
 */
export class PndmScheduler extends BaseScheduler {
  readonly initNoiseSigma = 1;
  private readonly finalAlphaCumprod: number;
  private ets: Float32Array[] = [];
  private counter = 0;
  private curSample: Float32Array | undefined;

  constructor(config: SchedulerConfig) {
    super(config, 'PNDMScheduler');
    rejectUnsupported(this.config, ['skip_prk_steps']);
    if (this.config.prediction_type === 'sample') {
      throw new Error(
        "PNDMScheduler: prediction_type 'sample' is not supported (diffusers rejects it too)",
      );
    }
    this.finalAlphaCumprod = this.config.set_alpha_to_one ? 1 : this.alphasCumprod[0];
  }

  setTimesteps(numInferenceSteps: number): void {
    this.checkStepCount(numInferenceSteps);
    const T = this.config.num_train_timesteps;
    let ascending: number[];
    switch (this.config.timestep_spacing) {
      case 'linspace':
        ascending = numpyLinspace(0, T - 1, numInferenceSteps).map(roundHalfEven);
        break;
      case 'leading':
        ascending = this.leadingTimesteps(numInferenceSteps);
        break;
      case 'trailing':
        ascending = numpyArange(T, 0, -T / numInferenceSteps)
          .map((t) => roundHalfEven(t) - 1)
          .reverse();
        break;
    }
    const n = ascending.length;
    // plms_timesteps = concat(t[:-1], t[-2:-1], t[-1:])[::-1]
    const plms = [
      ...ascending.slice(0, n - 1),
      ...ascending.slice(Math.max(n - 2, 0), n - 1),
      ascending[n - 1],
    ];
    this.schedule = plms.reverse();
    this.numInferenceSteps = numInferenceSteps;
    this.ets = [];
    this.counter = 0;
    this.curSample = undefined;
  }

  step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    _noise?: NoiseSource,
  ): Float32Array {
    const steps = this.requireTimesteps();
    assertSameLength('PNDMScheduler.step', modelOutput, sample);
    const ratio = Math.floor(this.config.num_train_timesteps / steps);
    let prevTimestep = timestep - ratio;
    let current = timestep;
    if (this.counter !== 1) {
      this.ets = this.ets.slice(-3);
      this.ets.push(modelOutput);
    } else {
      prevTimestep = timestep;
      current = timestep + ratio;
    }

    const e = this.ets;
    const k = e.length;
    if (k === 4 && this.config.prediction_type === 'epsilon') {
      const prev = this.fourthOrderStep(sample, current, prevTimestep);
      this.counter += 1;
      return prev;
    }
    let combined: Float32Array = new Float32Array(sample.length);
    let base = sample;
    const n = combined.length;
    if (k === 1 && this.counter === 0) {
      combined = modelOutput;
      this.curSample = sample;
    } else if (k === 1 && this.counter === 1) {
      for (let i = 0; i < n; i++) combined[i] = f32(modelOutput[i] + e[0][i]) / 2;
      base = this.curSample ?? sample;
      this.curSample = undefined;
    } else if (k === 2) {
      const [e0, e1] = e as [Float32Array, Float32Array];
      for (let i = 0; i < n; i++) combined[i] = f32(f32(3 * e1[i]) - e0[i]) / 2;
    } else if (k === 3) {
      const [e0, e1, e2] = e as [Float32Array, Float32Array, Float32Array];
      for (let i = 0; i < n; i++) {
        combined[i] = f32(f32(f32(23 * e2[i]) - f32(16 * e1[i])) + f32(5 * e0[i])) / 12;
      }
    } else {
      // The history arrays are hoisted into locals: the hot loop then reads four typed arrays
      // directly instead of indexing the history list per element.
      const [e0, e1, e2, e3] = e as [Float32Array, Float32Array, Float32Array, Float32Array];
      const oneOver24 = f32(1 / 24);
      for (let i = 0; i < n; i++) {
        const sum = f32(
          f32(f32(f32(55 * e3[i]) - f32(59 * e2[i])) + f32(37 * e1[i])) - f32(9 * e0[i]),
        );
        combined[i] = oneOver24 * sum;
      }
    }
    const prev = this.previousSample(base, current, prevTimestep, combined);
    this.counter += 1;
    return prev;
  }

  /** The float32 coefficients of formula (9) of the PNDM paper (diffusers' _get_prev_sample). */
  private coefficients(timestep: number, prevTimestep: number) {
    const alpha = this.alphaAt(timestep);
    const alphaPrev = prevTimestep >= 0 ? this.alphaAt(prevTimestep) : this.finalAlphaCumprod;
    const beta = f32(1 - alpha);
    const betaPrev = f32(1 - alphaPrev);
    return {
      alpha,
      beta,
      sampleCoeff: f32(Math.sqrt(f32(alphaPrev / alpha))),
      denom: f32(
        f32(alpha * f32(Math.sqrt(betaPrev))) + f32(Math.sqrt(f32(f32(alpha * beta) * alphaPrev))),
      ),
      diff: f32(alphaPrev - alpha),
    };
  }

  /**
   * The steady-state step (four stored outputs, epsilon prediction) in one pass: the fourth-order
   * combination feeds formula (9) directly, rounded to float32 where the two-pass path stores it.
   */
  private fourthOrderStep(
    sample: Float32Array,
    timestep: number,
    prevTimestep: number,
  ): Float32Array {
    const { sampleCoeff, denom, diff } = this.coefficients(timestep, prevTimestep);
    const [e0, e1, e2, e3] = this.ets as [Float32Array, Float32Array, Float32Array, Float32Array];
    const oneOver24 = f32(1 / 24);
    const kernels = simdKernels();
    if (kernels)
      return kernels.pndm4([e0, e1, e2, e3], sample, { sampleCoeff, diff, denom, oneOver24 });
    const out = new Float32Array(sample.length);
    for (let i = 0; i < out.length; i++) {
      const sum = f32(
        f32(f32(f32(55 * e3[i]) - f32(59 * e2[i])) + f32(37 * e1[i])) - f32(9 * e0[i]),
      );
      const epsilon = f32(oneOver24 * sum);
      out[i] = f32(sampleCoeff * sample[i]) - f32(f32(diff * epsilon) / denom);
    }
    return out;
  }

  /** Formula (9) of the PNDM paper, diffusers' _get_prev_sample, in float32. */
  private previousSample(
    sample: Float32Array,
    timestep: number,
    prevTimestep: number,
    output: Float32Array,
  ) {
    const { alpha, beta, sampleCoeff, denom, diff } = this.coefficients(timestep, prevTimestep);
    let epsilon = output;
    if (this.config.prediction_type === 'v_prediction') {
      const sqrtAlpha = f32(Math.sqrt(alpha));
      const sqrtBeta = f32(Math.sqrt(beta));
      epsilon = new Float32Array(output.length);
      for (let i = 0; i < output.length; i++)
        epsilon[i] = f32(sqrtAlpha * output[i]) + f32(sqrtBeta * sample[i]);
    }
    const out = new Float32Array(sample.length);
    for (let i = 0; i < out.length; i++) {
      out[i] = f32(sampleCoeff * sample[i]) - f32(f32(diff * epsilon[i]) / denom);
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

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
import { karrasSigmas, sigmaToTimestep } from './karras';

/** Math.fround bound locally: a module-export getter call per element would dominate the hot loops. */
const f32 = Math.fround;

/** alpha_t = 1 / sqrt(sigma^2 + 1), sigma_t = sigma * alpha_t, as float32 tensors. */
function alphaSigma(sigma: number): [number, number] {
  const alpha = f32(1 / f32(Math.sqrt(f32(f32(sigma * sigma) + 1))));
  return [alpha, f32(sigma * alpha)];
}

/** lambda = log(alpha_t) - log(sigma_t) (float32 torch.log). */
function lambdaOf(alpha: number, sigma: number): number {
  return f32(f32(Math.log(alpha)) - f32(Math.log(sigma)));
}

/**
 * diffusers' DPMSolverMultistepScheduler with algorithm_type 'dpmsolver++' and solver_order 1 or 2
 * ("DPM++ 2M"), midpoint or heun, Karras sigmas or the plain interpolated schedule, lower_order_final /
 * euler_at_final, final_sigmas_type 'zero' or 'sigma_min', the three timestep spacings and epsilon, sample
 * and v_prediction. Deterministic: it never draws noise.
 */
export class DpmSolverMultistepScheduler extends BaseScheduler {
  readonly initNoiseSigma = 1;
  private readonly trainSigmas: Float32Array;
  private sigmas: Float32Array = new Float32Array(0);
  private modelOutputs: (Float32Array | undefined)[] = [];
  private lowerOrderNums = 0;
  private stepIndex: number | undefined;

  constructor(config: SchedulerConfig) {
    super(config, 'DPMSolverMultistepScheduler');
    rejectUnsupported(this.config, [
      'algorithm_type',
      'solver_order',
      'thresholding',
      'rescale_betas_zero_snr',
      'use_exponential_sigmas',
      'use_beta_sigmas',
      'use_lu_lambdas',
      'use_flow_sigmas',
      'variance_type',
    ]);
    this.trainSigmas = trainSigmas(this.alphasCumprod);
  }

  setTimesteps(numInferenceSteps: number): void {
    const n = numInferenceSteps;
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(
        'DPMSolverMultistepScheduler: number of inference steps must be a positive integer',
      );
    }
    const T = this.config.num_train_timesteps;
    const lastTimestep = T - this.clippedIndex();
    let timesteps: number[];
    switch (this.config.timestep_spacing) {
      case 'linspace':
        timesteps = numpyLinspace(0, lastTimestep - 1, n + 1)
          .map(roundHalfEven)
          .reverse()
          .slice(0, n);
        break;
      case 'leading': {
        const ratio = Math.floor(lastTimestep / (n + 1));
        timesteps = Array.from({ length: n + 1 }, (_, i) => i * ratio)
          .reverse()
          .slice(0, n)
          .map((t) => t + this.config.steps_offset);
        break;
      }
      case 'trailing':
        timesteps = numpyArange(lastTimestep, 0, -T / n).map((t) => roundHalfEven(t) - 1);
        break;
    }
    let sigmas: number[];
    if (this.config.use_karras_sigmas) {
      const logSigmas = this.trainSigmas.map((s) => Math.log(s));
      sigmas = karrasSigmas(this.trainSigmas[0], this.trainSigmas[T - 1], n);
      // diffusers rounds these timesteps except on the cosine schedule, and then stores every
      // timestep as int64, which truncates the cosine schedule's fractional ones toward zero.
      const cosine = this.config.beta_schedule === 'squaredcos_cap_v2';
      timesteps = sigmas.map((s) => {
        const t = sigmaToTimestep(s, logSigmas);
        return cosine ? Math.trunc(t) : roundHalfEven(t);
      });
    } else {
      sigmas = timesteps.map((t) => interpAtIndex(t, this.trainSigmas));
    }
    const a0 = this.alphasCumprod[0];
    const sigmaLast =
      this.config.final_sigmas_type === 'sigma_min' ? f32(Math.sqrt(f32(f32(1 - a0) / a0))) : 0;
    this.sigmas = Float32Array.from([...sigmas, sigmaLast]);
    this.schedule = timesteps;
    this.numInferenceSteps = timesteps.length;
    this.modelOutputs = new Array<Float32Array | undefined>(this.config.solver_order).fill(
      undefined,
    );
    this.lowerOrderNums = 0;
    this.stepIndex = undefined;
    this.beginIndex = undefined;
  }

  /** torch.searchsorted(flip(lambda_t), lambda_min_clipped): 0 unless lambda_min_clipped is finite. */
  private clippedIndex(): number {
    const threshold = this.config.lambda_min_clipped;
    if (threshold === -Infinity) return 0;
    let count = 0;
    for (const a of this.alphasCumprod) {
      const lambda = lambdaOf(f32(Math.sqrt(a)), f32(Math.sqrt(f32(1 - a))));
      if (lambda < threshold) count += 1;
    }
    return count;
  }

  private indexForTimestep(timestep: number): number {
    const matches: number[] = [];
    this.schedule.forEach((t, i) => {
      if (t === timestep) matches.push(i);
    });
    if (matches.length === 0) return this.schedule.length - 1;
    return matches.length > 1 ? matches[1] : matches[0];
  }

  step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    _noise?: NoiseSource,
  ): Float32Array {
    this.requireTimesteps();
    assertSameLength('DPMSolverMultistepScheduler.step', modelOutput, sample);
    if (this.stepIndex === undefined)
      this.stepIndex = this.beginIndex ?? this.indexForTimestep(timestep);
    const index = this.stepIndex;
    const count = this.schedule.length;
    const { lower_order_final: lowerFinal, euler_at_final: eulerAtFinal } = this.config;
    const lowerOrderFinal =
      index === count - 1 &&
      (eulerAtFinal || (lowerFinal && count < 15) || this.config.final_sigmas_type === 'zero');

    const x0 = this.convertModelOutput(modelOutput, sample, index);
    const order = this.config.solver_order;
    for (let i = 0; i < order - 1; i++) this.modelOutputs[i] = this.modelOutputs[i + 1];
    this.modelOutputs[order - 1] = x0;

    let prev: Float32Array;
    if (order === 1 || this.lowerOrderNums < 1 || lowerOrderFinal) {
      prev = this.firstOrderUpdate(x0, sample, index);
    } else {
      // diffusers' lower_order_second only matters for solver_order 3, which is not supported
      prev = this.secondOrderUpdate(sample, index);
    }
    if (this.lowerOrderNums < order) this.lowerOrderNums += 1;
    this.stepIndex = index + 1;
    return prev;
  }

  /** diffusers' convert_model_output for dpmsolver++: the predicted clean sample x0. */
  private convertModelOutput(
    modelOutput: Float32Array,
    sample: Float32Array,
    index: number,
  ): Float32Array {
    const [alpha, sigma] = alphaSigma(this.sigmas[index]);
    const kernels = simdKernels();
    if (kernels && this.config.prediction_type === 'epsilon')
      return kernels.dpmX0(sample, modelOutput, sigma, alpha);
    const x0 = new Float32Array(sample.length);
    switch (this.config.prediction_type) {
      case 'epsilon':
        for (let i = 0; i < x0.length; i++)
          x0[i] = f32(sample[i] - f32(sigma * modelOutput[i])) / alpha;
        return x0;
      case 'sample':
        x0.set(modelOutput);
        return x0;
      case 'v_prediction':
        for (let i = 0; i < x0.length; i++)
          x0[i] = f32(alpha * sample[i]) - f32(sigma * modelOutput[i]);
        return x0;
    }
  }

  private firstOrderUpdate(x0: Float32Array, sample: Float32Array, index: number): Float32Array {
    const [alphaT, sigmaT] = alphaSigma(this.sigmas[index + 1]);
    const [alphaS, sigmaS] = alphaSigma(this.sigmas[index]);
    const h = f32(lambdaOf(alphaT, sigmaT) - lambdaOf(alphaS, sigmaS));
    const sampleCoeff = f32(sigmaT / sigmaS);
    const x0Coeff = f32(alphaT * f32(f32(Math.exp(-h)) - 1));
    // a - b and a + (-b) round alike (negation is exact), so the kernel's a x + b y serves.
    const kernels = simdKernels();
    if (kernels) return kernels.axpby(sample, x0, sampleCoeff, -x0Coeff);
    const out = new Float32Array(sample.length);
    for (let i = 0; i < out.length; i++)
      out[i] = f32(sampleCoeff * sample[i]) - f32(x0Coeff * x0[i]);
    return out;
  }

  private secondOrderUpdate(sample: Float32Array, index: number): Float32Array {
    const m0 = this.modelOutputs[this.modelOutputs.length - 1];
    const m1 = this.modelOutputs[this.modelOutputs.length - 2];
    if (!m0 || !m1)
      throw new Error('DPMSolverMultistepScheduler: second-order step without a previous output');
    const [alphaT, sigmaT] = alphaSigma(this.sigmas[index + 1]);
    const [alphaS0, sigmaS0] = alphaSigma(this.sigmas[index]);
    const [alphaS1, sigmaS1] = alphaSigma(this.sigmas[index - 1]);
    const lambdaT = lambdaOf(alphaT, sigmaT);
    const lambdaS0 = lambdaOf(alphaS0, sigmaS0);
    const lambdaS1 = lambdaOf(alphaS1, sigmaS1);
    const h = f32(lambdaT - lambdaS0);
    const h0 = f32(lambdaS0 - lambdaS1);
    const invR0 = f32(1 / f32(h0 / h));
    const expm1 = f32(f32(Math.exp(-h)) - 1);
    const sampleCoeff = f32(sigmaT / sigmaS0);
    const d0Coeff = f32(alphaT * expm1);
    // midpoint: - 0.5 * (alpha_t * (exp(-h) - 1)) * D1; heun: + (alpha_t * ((exp(-h) - 1) / h + 1)) * D1.
    // Negating the coefficient is exact, so adding the signed term rounds exactly like diffusers' subtraction.
    const d1Coeff =
      this.config.solver_type === 'heun'
        ? f32(alphaT * f32(f32(expm1 / h) + 1))
        : -f32(0.5 * d0Coeff);
    const kernels = simdKernels();
    if (kernels) return kernels.dpm2(sample, m0, m1, { invR0, sampleCoeff, d0Coeff, d1Coeff });
    const out = new Float32Array(sample.length);
    for (let i = 0; i < out.length; i++) {
      const d1 = f32(invR0 * f32(m0[i] - m1[i]));
      const first = f32(f32(sampleCoeff * sample[i]) - f32(d0Coeff * m0[i]));
      out[i] = first + f32(d1Coeff * d1);
    }
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
    assertSameLength('DPMSolverMultistepScheduler.addNoise', original, noise, out);
    const index =
      this.beginIndex === undefined
        ? this.indexForTimestep(timestep)
        : (this.stepIndex ?? this.beginIndex);
    const [alpha, sigma] = alphaSigma(this.sigmas[index]);
    for (let i = 0; i < out.length; i++) out[i] = f32(alpha * original[i]) + f32(sigma * noise[i]);
    return out;
  }
}

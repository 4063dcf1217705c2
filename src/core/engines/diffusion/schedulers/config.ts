import { cumprodF32, f32, torchLinspaceF32 } from './numerics';

/**
 * The fields of diffusers' scheduler_config.json that MaskMedPaint's schedulers read (snake_case, as in the
 * file). All are optional except `_class_name`; a missing field takes the default of the scheduler class
 * that is built, exactly like diffusers' `SchedulerClass.from_config(config)`. Fields of other classes are
 * ignored, so one model's config can drive any scheduler (a recipe's scheduler override).
 */
export interface SchedulerConfig {
  _class_name: string;
  num_train_timesteps?: number;
  beta_start?: number;
  beta_end?: number;
  beta_schedule?: 'linear' | 'scaled_linear' | 'squaredcos_cap_v2';
  trained_betas?: number[] | null;
  prediction_type?: 'epsilon' | 'v_prediction' | 'sample';
  timestep_spacing?: 'leading' | 'linspace' | 'trailing';
  steps_offset?: number;
  set_alpha_to_one?: boolean;
  /** PNDM: true runs PLMS only (what Stable Diffusion uses); false (PRK warm-up) is not supported. */
  skip_prk_steps?: boolean;
  clip_sample?: boolean;
  clip_sample_range?: number;
  /** Dynamic thresholding is for pixel-space models; only false is supported. */
  thresholding?: boolean;
  /** Only false is supported. */
  rescale_betas_zero_snr?: boolean;
  /** DPM-Solver: 1 or 2 (DPM-Solver++ 2M). */
  solver_order?: number;
  algorithm_type?: string;
  solver_type?: 'midpoint' | 'heun';
  lower_order_final?: boolean;
  euler_at_final?: boolean;
  use_karras_sigmas?: boolean;
  use_exponential_sigmas?: boolean;
  use_beta_sigmas?: boolean;
  use_lu_lambdas?: boolean;
  use_flow_sigmas?: boolean;
  final_sigmas_type?: 'zero' | 'sigma_min';
  lambda_min_clipped?: number;
  variance_type?: string | null;
  /** LCM: the step count of the distillation schedule (default 50) and the boundary-condition scale. */
  original_inference_steps?: number;
  timestep_scaling?: number;
}

/** A config with every field a given scheduler class reads filled in (its class defaults applied). */
export type ResolvedConfig = Required<Omit<SchedulerConfig, 'trained_betas' | 'variance_type'>> & {
  trained_betas: number[] | null;
  variance_type: string | null;
};

/** Defaults shared by every class, then overridden per class (from each diffusers __init__ signature). */
const COMMON_DEFAULTS: Omit<ResolvedConfig, '_class_name'> = {
  num_train_timesteps: 1000,
  beta_start: 0.0001,
  beta_end: 0.02,
  beta_schedule: 'linear',
  trained_betas: null,
  prediction_type: 'epsilon',
  timestep_spacing: 'leading',
  steps_offset: 0,
  set_alpha_to_one: false,
  skip_prk_steps: false,
  clip_sample: false,
  clip_sample_range: 1,
  thresholding: false,
  rescale_betas_zero_snr: false,
  solver_order: 2,
  algorithm_type: 'dpmsolver++',
  solver_type: 'midpoint',
  lower_order_final: true,
  euler_at_final: false,
  use_karras_sigmas: false,
  use_exponential_sigmas: false,
  use_beta_sigmas: false,
  use_lu_lambdas: false,
  use_flow_sigmas: false,
  final_sigmas_type: 'zero',
  lambda_min_clipped: -Infinity,
  variance_type: null,
  original_inference_steps: 50,
  timestep_scaling: 10,
};

/** Class-specific defaults where diffusers' classes differ from COMMON_DEFAULTS. */
export const CLASS_DEFAULTS: Record<string, Partial<ResolvedConfig>> = {
  PNDMScheduler: {},
  DDIMScheduler: { clip_sample: true, set_alpha_to_one: true },
  EulerAncestralDiscreteScheduler: { timestep_spacing: 'linspace' },
  DPMSolverMultistepScheduler: { timestep_spacing: 'linspace' },
  LCMScheduler: {
    beta_start: 0.00085,
    beta_end: 0.012,
    beta_schedule: 'scaled_linear',
    set_alpha_to_one: true,
  },
};

/** Applies `className`'s defaults under the given config, like `from_config` does. */
export function resolveConfig(config: SchedulerConfig, className: string): ResolvedConfig {
  const merged: Record<string, unknown> = { ...COMMON_DEFAULTS, ...CLASS_DEFAULTS[className] };
  for (const [key, value] of Object.entries(config)) {
    // JSON null means "not set" for these fields (diffusers writes trained_betas: null, variance_type: null).
    if (value !== null && value !== undefined && key in merged) merged[key] = value;
  }
  merged._class_name = className;
  const resolved = merged as ResolvedConfig;
  validateConfig(resolved);
  return resolved;
}

const CHOICES: Partial<Record<keyof ResolvedConfig, readonly string[]>> = {
  prediction_type: ['epsilon', 'v_prediction', 'sample'],
  timestep_spacing: ['leading', 'linspace', 'trailing'],
  solver_type: ['midpoint', 'heun'],
  final_sigmas_type: ['zero', 'sigma_min'],
};

/** Checks field types and enumerations, so a malformed scheduler_config.json fails with the field named. */
function validateConfig(config: ResolvedConfig): void {
  const fail = (field: string, expected: string): never => {
    throw new Error(
      `${config._class_name}: scheduler_config.json field ${field}=${JSON.stringify(config[field as keyof ResolvedConfig])} ` +
        `must be ${expected}`,
    );
  };
  for (const [field, options] of Object.entries(CHOICES)) {
    const value = config[field as keyof ResolvedConfig];
    if (typeof value !== 'string' || !options.includes(value))
      fail(field, `one of ${options.join(', ')}`);
  }
  for (const field of [
    'num_train_timesteps',
    'steps_offset',
    'solver_order',
    'original_inference_steps',
  ] as const) {
    if (!Number.isInteger(config[field]) || config[field] < 0)
      fail(field, 'a non-negative integer');
  }
  for (const field of [
    'beta_start',
    'beta_end',
    'clip_sample_range',
    'timestep_scaling',
  ] as const) {
    if (typeof config[field] !== 'number' || !Number.isFinite(config[field]))
      fail(field, 'a finite number');
  }
  if (config.trained_betas !== null) {
    const betas = config.trained_betas as unknown;
    if (!Array.isArray(betas) || betas.length !== config.num_train_timesteps) {
      fail(
        'trained_betas',
        `a list of num_train_timesteps (${config.num_train_timesteps}) numbers`,
      );
    }
    if ((betas as unknown[]).some((b) => typeof b !== 'number'))
      fail('trained_betas', 'a list of numbers');
  }
}

/** Rejects settings this implementation does not reproduce, naming the field, instead of silently differing. */
export function rejectUnsupported(config: ResolvedConfig, fields: (keyof ResolvedConfig)[]): void {
  const allowed: Partial<Record<keyof ResolvedConfig, (value: unknown) => boolean>> = {
    thresholding: (v) => v === false,
    rescale_betas_zero_snr: (v) => v === false,
    skip_prk_steps: (v) => v === true,
    use_exponential_sigmas: (v) => v === false,
    use_beta_sigmas: (v) => v === false,
    use_lu_lambdas: (v) => v === false,
    use_flow_sigmas: (v) => v === false,
    variance_type: (v) => v === null,
    solver_order: (v) => v === 1 || v === 2,
    algorithm_type: (v) => v === 'dpmsolver++',
  };
  for (const field of fields) {
    const ok = allowed[field];
    if (ok && !ok(config[field])) {
      throw new Error(
        `${config._class_name}: ${String(field)}=${JSON.stringify(config[field])} is not supported by MaskMedPaint's scheduler`,
      );
    }
  }
}

/** Betas as diffusers builds them (float32 tensor). */
function betas(config: ResolvedConfig): Float32Array {
  const n = config.num_train_timesteps;
  if (config.trained_betas !== null) return Float32Array.from(config.trained_betas);
  switch (config.beta_schedule) {
    case 'linear':
      return torchLinspaceF32(config.beta_start, config.beta_end, n);
    case 'scaled_linear': {
      const roots = torchLinspaceF32(Math.sqrt(config.beta_start), Math.sqrt(config.beta_end), n);
      return roots.map((r) => f32(r * r));
    }
    case 'squaredcos_cap_v2': {
      // betas_for_alpha_bar with the cosine alpha_bar, computed in float64 then stored as float32.
      const alphaBar = (t: number): number => Math.cos((((t + 0.008) / 1.008) * Math.PI) / 2) ** 2;
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++)
        out[i] = Math.min(1 - alphaBar((i + 1) / n) / alphaBar(i / n), 0.999);
      return out;
    }
    default:
      throw new Error(
        `${config._class_name}: beta_schedule '${String(config.beta_schedule)}' is not supported`,
      );
  }
}

/** alphas_cumprod exactly as diffusers computes it: cumprod(1 - betas) on float32 tensors. */
export function alphasCumprod(config: ResolvedConfig): Float32Array {
  if (!Number.isInteger(config.num_train_timesteps) || config.num_train_timesteps < 2) {
    throw new Error(`${config._class_name}: num_train_timesteps must be an integer >= 2`);
  }
  return cumprodF32(betas(config).map((b) => f32(1 - b)));
}

/** Sigmas of the discrete schedule, ((1 - a) / a) ** 0.5 on float32 tensors (Euler and DPM-Solver). */
export function trainSigmas(alphas: Float32Array): Float32Array {
  return alphas.map((a) => Math.sqrt(f32(f32(1 - a) / a)));
}

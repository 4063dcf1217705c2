/**
 * Every fixed set of values a recipe setting takes, once, as constant arrays; the recipe's types are
 * derived from them. The CLI's choices and help, the extension's settings and pickers, and the
 * validators read these lists. schema/recipe.schema.json, package.json's settings and the Python
 * toolkit repeat some of them for their own readers; test/unit/shared/enumerations.test.ts and
 * python/tests/test_cross_language.py fail when any of those copies disagrees with this file.
 * (Engine ids come from the engine registry, src/core/engines/registry.ts.)
 */

/** The authors' presets (docs/method.md section 3) and `custom`, in display order. */
export const PRESET_IDS = ['natural', 'dermoscopy', 'cameraTrap', 'chestXray', 'custom'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

/** Diffusion schedulers the engine implements (src/core/engines/diffusion/schedulers). */
export const SCHEDULER_IDS = [
  'pndm',
  'ddim',
  'eulerAncestral',
  'dpmSolverMultistep',
  'lcm',
] as const;
export type SchedulerId = (typeof SCHEDULER_IDS)[number];

/** ONNX Runtime execution provider preferences: `auto`, each provider, and `cpu` last. */
export const EXECUTION_PROVIDERS = ['auto', 'cuda', 'dml', 'coreml', 'webgpu', 'cpu'] as const;
export type ExecutionProviderPreference = (typeof EXECUTION_PROVIDERS)[number];

/** The accelerated providers: every preference but `auto` and the CPU (what `models check` compares). */
export const GPU_PROVIDERS = ['cuda', 'dml', 'coreml', 'webgpu'] as const;
export type GpuProvider = (typeof GPU_PROVIDERS)[number];

/** Output encodings (recipe `outputFormat`). */
export const OUTPUT_FORMATS = ['png', 'source', 'dicom'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * How the composite engine joins the key region and the target (recipe `composite.blend`): 'ramp'
 * bends the target's level smoothly toward the source's surroundings near the key region (its
 * texture kept), 'poisson' solves a membrane (gradient-domain) correction there, 'alpha' is the
 * feathered paste alone.
 */
export const BLEND_MODES = ['ramp', 'poisson', 'alpha'] as const;
export type BlendMode = (typeof BLEND_MODES)[number];

/** Where the seam between kept and regenerated pixels is blended (recipe `mask.blendSide`). */
export const BLEND_SIDES = ['outside', 'inside'] as const;
export type BlendSide = (typeof BLEND_SIDES)[number];

/** Per-class key-region policies (recipe `mask.perClass`): regenerate all, or keep all. */
export const PER_CLASS_POLICIES = ['empty', 'whole'] as const;
export type PerClassPolicy = (typeof PER_CLASS_POLICIES)[number];

/** Processing sizes of the diffusion engine (recipe `diffusion.resolution`). */
export const DIFFUSION_RESOLUTIONS = ['model', 'source'] as const;
export type DiffusionResolution = (typeof DIFFUSION_RESOLUTIONS)[number];

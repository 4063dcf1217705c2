/**
 * The recipe: every setting that decides what an augmentation run produces. It is stored whole
 * in the manifest so any output can be reproduced.
 */
import type {
  BlendMode,
  BlendSide,
  DiffusionResolution,
  ExecutionProviderPreference,
  OutputFormat,
  PerClassPolicy,
  PresetId,
  SchedulerId,
} from './recipeChoices';

export type {
  BlendSide,
  ExecutionProviderPreference,
  PresetId,
  SchedulerId,
} from './recipeChoices';

/** The blend side a recipe's mask settings mean; recipes from before the option blended inside. */
export function blendSideOf(mask: Pick<MaskSettings, 'blendSide'>): BlendSide {
  return mask.blendSide ?? 'inside';
}

export interface MaskSettings {
  /** Pixel values >= threshold count as key region; 'nonzero' means any value > 0. */
  threshold: number | 'nonzero';
  /** Grow (> 0) or shrink (< 0) the key region by this many pixels before use. */
  marginPx: number;
  /**
   * Gaussian blur of the inverted mask then re-binarize at 0.5 (diffusers' blur_factor); 0 = off.
   * Given in pixels at 512 px (SD's input size) and scaled by the image's shorter side / 512.
   */
  blurFactor: number;
  /** Width in pixels of the soft seam where the key region meets regenerated pixels. */
  featherPx: number;
  /**
   * Which side of the mask's contour the seam is blended on. 'outside': every pixel of the mask
   * (after marginPx) is kept exactly; the feather and the blur only act outside it. 'inside': the
   * authors' behaviour: the blur smooths the contour both ways and the feather fades the mask's
   * outer pixels, so some mask pixels change. Absent in recipes written before it existed, whose
   * outputs were blended inside ({@link blendSideOf}).
   */
  blendSide?: BlendSide;
  /**
   * Per-class override for images with no key region: 'empty' regenerates the whole image (the
   * authors' empty camera-trap frames), 'whole' keeps it all. Classes not listed use their mask.
   */
  perClass: Record<string, PerClassPolicy>;
  /**
   * DICOM SEG masks: the segments that form the key region, by number or label (case-insensitive);
   * absent or empty = every segment (e.g. lungs and heart together).
   */
  dicomSegments?: Array<number | string>;
}

/** How the composite engine joins the key region and the target (recipeChoices.ts, BLEND_MODES). */
export type CompositeBlend = BlendMode;

export interface CompositeSettings {
  /** How the key region is blended onto the target (see {@link CompositeBlend}). */
  blend: CompositeBlend;
  /** Match the source key region's colour statistics to the target around the seam. */
  harmonize: boolean;
  /** Fill a target image's own key region (when its mask is known) before pasting. */
  fillTargetKeyRegion: boolean;
}

export interface DiffusionSettings {
  /** Model folder (diffusers/optimum ONNX layout) or catalog id. */
  model: string;
  prompt: string;
  /**
   * 'model': the prompt is the one the fine-tuned model records it was trained with
   * (maskmedpaint_model.json), used because none was given. Absent: from the preset or the user.
   */
  promptSource?: 'model';
  negativePrompt: string;
  strength: number;
  guidanceScale: number;
  steps: number;
  /** Scheduler override; undefined = the model's scheduler_config.json. */
  scheduler?: SchedulerId;
  /** Start from the target composite (dermoscopy preset) instead of the source image. */
  initFromTargetComposite: boolean;
  /** Paste the source key region back bit-exactly after decoding (our addition, default on). */
  pasteBack: boolean;
  /** 'model' = process at the model's native size and map back; 'source' = source size rounded to /8. */
  resolution: DiffusionResolution;
  executionProvider: ExecutionProviderPreference;
}

export interface Recipe {
  /**
   * Which engine produces the augmentations: an id of the engine registry
   * (src/core/engines/registry.ts, where its type `EngineId` lives); the recipe schema lists them.
   */
  engine: string;
  preset: PresetId;
  /** Augmentations generated per source image (k). */
  perImage: number;
  /** Master seed; each item's seed is derived from it deterministically. */
  seed: number;
  mask: MaskSettings;
  composite: CompositeSettings;
  diffusion: DiffusionSettings;
  /**
   * Output encoding: 'png' (16-bit when the source is, the default for DICOM too); 'source' keeps
   * the source's format family where possible (.dcm sources give DICOM); 'dicom' writes every
   * output as a de-identified DICOM Secondary Capture.
   */
  outputFormat: OutputFormat;
  /** Refuse images with more pixels than this (decompression-bomb guard). */
  maxPixels: number;
}

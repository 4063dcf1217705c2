/**
 * The recipe every preset starts from. Values follow docs/method.md; where the authors gave no
 * number the choice is explained next to it.
 */
import type { Recipe } from '../../shared/recipe';

/** Negative prompt the authors used for the natural and dermoscopy presets (docs/method.md, 3). */
export const AUTHORS_NEGATIVE_PROMPT =
  'pixelated, blurry, jpeg artifacts, low quality, cartoon, artwork, cgi, illustration, painting, ' +
  'overexposed, grayscale, grainy, white spots, multiple angles';

/** sharp's own default decompression-bomb limit (about 10k x 10k pixels). */
export const DEFAULT_MAX_PIXELS = 100_000_000;

/** Returns a fresh copy of the default recipe (callers may mutate it). */
export function defaultRecipe(): Recipe {
  return {
    engine: 'composite',
    preset: 'custom',
    perImage: 1,
    seed: 0,
    mask: {
      threshold: 128,
      marginPx: 0,
      blurFactor: 0,
      // A few pixels of feathering hides the seam without touching the lesion itself
      // (ComfyUI/A1111 default to a 4 px mask blur for the same reason).
      featherPx: 3,
      // Every mask pixel is kept exactly; the seam is blended outside the mask (issue 15).
      blendSide: 'outside',
      perClass: {},
    },
    // The ramp seam scored best on bench/results/seams.md; harmonize on top of it only added seam.
    composite: { blend: 'ramp', harmonize: false, fillTargetKeyRegion: true },
    diffusion: {
      model: '',
      prompt: 'a photo of target background',
      negativePrompt: '',
      strength: 1.0,
      guidanceScale: 7.5,
      steps: 50,
      initFromTargetComposite: false,
      pasteBack: true,
      resolution: 'model',
      executionProvider: 'auto',
    },
    outputFormat: 'png',
    maxPixels: DEFAULT_MAX_PIXELS,
  };
}

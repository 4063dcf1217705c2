/**
 * The composite step of MaskMedPaint (the authors' dermoscopy pipeline, before inpainting): the source's key region
 * pasted onto a target-domain exemplar whose own key region was removed first. It is the whole
 * output of the composite engine and the init image of the diffusion engine's dermoscopy preset.
 */
import { pasteKeyRegion } from '../../image/pasteBack';
import { alphaBounds, type AlphaMask, type BinaryMask, type RawImage } from '../../image/rawImage';
import type { CompositeBlend } from '../../../shared/recipe';
import { fillRegion } from './fillRegion';
import { fitMaskCover, fitTargetToSource } from './fitTarget';
import { rampSeam } from './rampSeam';
import { harmonizeSeam, poissonSeam } from './seamBlend';

/** The images and masks one composite is made from. */
export interface CompositeInput {
  /** The source image; never modified. */
  source: RawImage;
  /** Source key region (1 = keep) at the source's size. */
  keyMask: BinaryMask;
  /** Feathered key alpha at the source's size; 1 = bit-identical source pixel in the output. */
  keyAlpha: AlphaMask;
  /** Target-domain exemplar, any size and format (fitted to the source here). */
  target: RawImage;
  /** The exemplar's own key region at the exemplar's size, when known. */
  targetKeyMask?: BinaryMask;
}

/** Composite settings (the recipe's `composite` section plus the item's seed). */
export interface CompositeOptions {
  /**
   * 'ramp': the target's level ramps to the source's surroundings in a band around the seam
   * (default); 'poisson': membrane (gradient-domain) blend in that band; 'alpha': feathered paste only.
   */
  blend: CompositeBlend;
  /** Shift seam colours part way toward the target's (feather band only). */
  harmonize: boolean;
  /** Fill the exemplar's own key region before pasting (needs targetKeyMask). */
  fillTargetKeyRegion: boolean;
  /** Seed for the fill's grain. */
  seed: number;
  /** Width of the ramp or Poisson band outside the key region (default: 4% of the short side, at least 8 and 2 x featherPx). */
  bandPx?: number;
}

/** Composite the source key region onto the target; result has the source's size and format. */
export async function compositeOntoTarget(
  input: CompositeInput,
  options: CompositeOptions,
): Promise<RawImage> {
  const { source, keyMask, keyAlpha } = input;
  if (keyMask.width !== source.width || keyMask.height !== source.height) {
    throw new Error(
      `composite: key mask is ${keyMask.width}x${keyMask.height}, source is ${source.width}x${source.height}`,
    );
  }
  let target = await fitTargetToSource(input.target, source);
  if (options.fillTargetKeyRegion && input.targetKeyMask !== undefined) {
    const region = fitMaskCover(input.targetKeyMask, source.width, source.height);
    target = fillRegion(target, region, { seed: options.seed });
  }
  return compositeFitted(source, keyMask, keyAlpha, target, options);
}

/**
 * The pixel work on a target already fitted to the source (same size, channels, depth); kept
 * separate so it can be timed and tested without sharp.
 */
export function compositeFitted(
  source: RawImage,
  keyMask: BinaryMask,
  keyAlpha: AlphaMask,
  fittedTarget: RawImage,
  options: Pick<CompositeOptions, 'blend' | 'harmonize' | 'bandPx'>,
): RawImage {
  const same =
    fittedTarget.width === source.width &&
    fittedTarget.height === source.height &&
    fittedTarget.channels === source.channels &&
    fittedTarget.bitDepth === source.bitDepth;
  if (!same)
    throw new Error(
      'compositeFitted: the target must already have the source size, channels and bit depth',
    );
  const shortSide = Math.min(source.width, source.height);
  const featherPx = featherWidth(keyAlpha);
  let generated = fittedTarget;
  let pasteSource = source;
  const bandPx = options.bandPx ?? seamBandPx(source.width, source.height, featherPx);
  if (options.blend === 'ramp') {
    ({ generated, pasteSource } = rampSeam(source, fittedTarget, keyMask, keyAlpha, bandPx));
  } else if (options.blend === 'poisson') {
    generated = poissonSeam(source, fittedTarget, keyMask, bandPx);
  } else if (options.harmonize) {
    generated = { ...fittedTarget, data: fittedTarget.data.slice() };
  }
  if (options.harmonize) {
    const ringPx = Math.max(featherPx, Math.round(0.02 * shortSide), 2);
    harmonizeSeam(generated, source, fittedTarget, keyMask, keyAlpha, ringPx);
  }
  // The last step is always the shared paste-back: it is what guarantees the key region. Every
  // blend above made `generated` afresh; with no blend it is the caller's fitted target.
  return pasteKeyRegion(generated, pasteSource, keyAlpha, {
    consumeGenerated: generated !== fittedTarget,
  });
}

/** The default width of the ramp or Poisson band: 4% of the short side, at least 8 px and 2 x featherPx. */
export function seamBandPx(width: number, height: number, featherPx: number): number {
  return Math.max(2 * featherPx, Math.round(0.04 * Math.min(width, height)), 8);
}

/** Smallest non-zero alpha a = 1 / (px + 1) tells the feather width back (0 when unfeathered). */
function featherWidth(keyAlpha: AlphaMask): number {
  let smallest = 1;
  const { x0, y0, x1, y1 } = alphaBounds(keyAlpha);
  for (let y = y0; y <= y1; y++) {
    for (let i = y * keyAlpha.width + x0, end = y * keyAlpha.width + x1; i <= end; i++) {
      const a = keyAlpha.data[i];
      if (a > 0 && a < smallest) smallest = a;
    }
  }
  return smallest >= 1 ? 0 : Math.round(1 / smallest - 1);
}

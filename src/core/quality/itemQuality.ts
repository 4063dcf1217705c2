/**
 * The quality record of one generated image (the manifest's `quality`): how much of the key
 * region came out exactly, how visible the seam is, and how similar the regenerated background is
 * to the target exemplar and to the source (near 1 to the source: the model copied it; low to
 * both: it drifted). Also the region map the review panel draws.
 */
import type { ItemQuality } from '../../shared/manifest';
import { fitMaskCover, fitTargetToSource } from '../engines/composite/fitTarget';
import type { AlphaMask, BinaryMask, RawImage } from '../image/rawImage';
import { keptExactShare } from './keptExactly';
import { RegionTemplate } from './regionMap';
import { measureSeamAgainst, seamReference, type SeamReference } from './seamMeasure';
import { SsimImage, ssimBetween } from './ssim';

/** What one measurement needs; images at the source's size and format unless said otherwise. */
export interface QualityInputs {
  source: RawImage;
  output: RawImage;
  /** The key region the recipe asks for (mask after marginPx). */
  requested: BinaryMask;
  /** The key region the engine kept (after the blur). */
  keyMask: BinaryMask;
  keyAlpha: AlphaMask;
  /** Width of the engine's seam band outside the key region (0 when it blends only by alpha). */
  seamBandPx: number;
  /** The target exemplar as read (any size), and its own key region at its size. */
  target?: RawImage;
  targetKeyMask?: BinaryMask;
  /**
   * The source's side of the measures ({@link sourceQualityReference} of `source` and
   * `requested`), when the caller keeps it for all of a source's outputs; made here otherwise.
   */
  reference?: SourceQualityReference;
}

/**
 * What the measures need of the source alone: its seam reference (band geometry, local ranges and
 * contour means) and its SSIM statistics. The same for every output of one source, so a run makes
 * it once per source. One measurement at a time may use it (the seam reference holds scratch tables).
 */
export interface SourceQualityReference {
  source: RawImage;
  requested: BinaryMask;
  seam: SeamReference | null;
  ssim: SsimImage;
  /** The output-independent part of the region map, made at the first output that needs it. */
  regions?: RegionTemplate;
}

/** The source's side of every measure (see {@link SourceQualityReference}). */
export function sourceQualityReference(
  source: RawImage,
  requested: BinaryMask,
): SourceQualityReference {
  return {
    source,
    requested,
    seam: seamReference(source, requested),
    ssim: SsimImage.of(source),
  };
}

/**
 * SSIM statistics of fitted target exemplars, kept per image object: a run shares a few decoded
 * exemplars (and their fits) among all its sources, and the statistics never change (the images
 * are not written to once decoded or fitted).
 */
const targetSsims = new WeakMap<RawImage, SsimImage>();

function targetSsimOf(fitted: RawImage): SsimImage {
  let ssim = targetSsims.get(fitted);
  if (ssim === undefined) {
    ssim = SsimImage.of(fitted);
    targetSsims.set(fitted, ssim);
  }
  return ssim;
}

/** The measurements and the region map (2 = kept exactly, 1 = blend band, 0 = regenerated). */
export interface MeasuredQuality {
  quality: ItemQuality;
  regions: Uint8Array;
}

const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;
const roundOrNull = (v: number | null): number | null => (v === null ? null : round4(v));

/** Measures one output (see the file comment). */
export async function measureItemQuality(inputs: QualityInputs): Promise<MeasuredQuality> {
  const { source, output, requested, keyMask, keyAlpha } = inputs;
  const reference = inputs.reference ?? sourceQualityReference(source, requested);
  if (reference.source !== source || reference.requested !== requested)
    throw new Error('measureItemQuality: the reference was made for another source or key region');
  const { seamBandPx } = inputs;
  if (reference.regions?.matches(source, keyMask, requested, keyAlpha, seamBandPx) !== true)
    reference.regions = RegionTemplate.of(source, keyMask, requested, keyAlpha, seamBandPx);
  const regions = reference.regions.regionsOf(output);
  const seam = reference.seam === null ? null : measureSeamAgainst(output, reference.seam);
  const background = new Uint8Array(keyAlpha.data.length);
  for (let p = 0; p < background.length; p++)
    background[p] = keyAlpha.data[p] === 0 && regions[p] === 0 ? 1 : 0;
  const outputSsim = SsimImage.of(output);
  let ssimTarget: number | null = null;
  if (inputs.target !== undefined) {
    const fitted = await fitTargetToSource(inputs.target, source);
    let compared = background;
    if (inputs.targetKeyMask !== undefined) {
      // The exemplar's own lesion was filled before compositing; comparing it would only say so.
      const own = fitMaskCover(inputs.targetKeyMask, source.width, source.height);
      compared = background.slice();
      for (let p = 0; p < compared.length; p++) if (own.data[p] !== 0) compared[p] = 0;
    }
    ssimTarget = ssimBetween(outputSsim, targetSsimOf(fitted), compared);
  }
  const quality: ItemQuality = {
    keptExact: roundOrNull(keptExactShare(output, source, requested)),
    seam: seam === null ? null : round4(seam.score),
    ...(seam === null
      ? {}
      : {
          seamOvershoot: round4(seam.overshoot),
          seamStepExcess: round4(seam.stepExcess),
          seamGradientRatio: round4(seam.gradientRatio),
        }),
    ssimTarget: roundOrNull(ssimTarget),
    ssimSource: roundOrNull(ssimBetween(outputSsim, reference.ssim, background)),
  };
  return { quality, regions };
}

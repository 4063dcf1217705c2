/**
 * Which pixels of an output were kept exactly, which lie in the blend band, and which were
 * regenerated: what the review panel draws over the image so a reviewer sees where blending
 * starts. Measured on the output itself, so it shows what happened, not what was intended.
 */
import { distanceToSitesInBox, nonZeroBox } from '../image/distanceTransform';
import type { AlphaMask, BinaryMask, RawImage } from '../image/rawImage';

/** Region codes per pixel. */
export const REGENERATED = 0;
export const BLEND_BAND = 1;
export const KEPT_EXACT = 2;

/**
 * The region of every pixel: KEPT_EXACT where the key region (or the requested one) has exactly
 * the source's samples; BLEND_BAND where the paste-back blends (0 < alpha < 1), where the engine
 * blends the seam outside the key region (within `seamBandPx`), or where a key pixel changed;
 * REGENERATED elsewhere. Output and source share size, channels and bit depth.
 */
export function regionMap(
  output: RawImage,
  source: RawImage,
  keyMask: BinaryMask,
  requested: BinaryMask,
  keyAlpha: AlphaMask,
  seamBandPx: number,
): Uint8Array {
  return RegionTemplate.of(source, keyMask, requested, keyAlpha, seamBandPx).regionsOf(output);
}

/**
 * The part of {@link regionMap} that does not depend on the output: the region of every pixel
 * outside the kept region (blend band or regenerated, from the alpha and the seam band's distance
 * transform) and the list of kept pixels. Every output of one source shares it, so a run makes it
 * once per source; each output then costs a copy and a look at its kept pixels.
 */
export class RegionTemplate {
  private constructor(
    private readonly source: RawImage,
    private readonly inputs: readonly [BinaryMask, BinaryMask, AlphaMask, number],
    /** Regions outside the kept pixels; the kept ones are filled per output. */
    private readonly outside: Uint8Array,
    /** Pixel indices of the kept region (key region or requested), ascending. */
    private readonly kept: Int32Array,
  ) {}

  static of(
    source: RawImage,
    keyMask: BinaryMask,
    requested: BinaryMask,
    keyAlpha: AlphaMask,
    seamBandPx: number,
  ): RegionTemplate {
    const { width, height } = source;
    const outside = new Uint8Array(width * height);
    let keptCount = 0;
    for (let p = 0; p < outside.length; p++) {
      if (keyMask.data[p] !== 0 || requested.data[p] !== 0) {
        // Never REGENERATED: the seam band below leaves it alone; the output decides it.
        outside[p] = KEPT_EXACT;
        keptCount++;
      } else if (keyAlpha.data[p] > 0) outside[p] = BLEND_BAND;
    }
    const kept = new Int32Array(keptCount);
    for (let p = 0, k = 0; p < outside.length; p++)
      if (keyMask.data[p] !== 0 || requested.data[p] !== 0) kept[k++] = p;
    if (seamBandPx > 0) markSeamBand(outside, keyMask, width, height, seamBandPx);
    return new RegionTemplate(source, [keyMask, requested, keyAlpha, seamBandPx], outside, kept);
  }

  /** True when this template was made from exactly these inputs (the same objects). */
  matches(
    source: RawImage,
    keyMask: BinaryMask,
    requested: BinaryMask,
    keyAlpha: AlphaMask,
    seamBandPx: number,
  ): boolean {
    const [k, r, a, band] = this.inputs;
    return (
      this.source === source &&
      k === keyMask &&
      r === requested &&
      a === keyAlpha &&
      band === seamBandPx
    );
  }

  /** The region map of `output` (see {@link regionMap}). */
  regionsOf(output: RawImage): Uint8Array {
    const regions = this.outside.slice();
    const channels = this.source.channels;
    const src = this.source.data;
    const out = output.data;
    for (const p of this.kept) {
      const i = p * channels;
      for (let c = 0; c < channels; c++) {
        if (out[i + c] !== src[i + c]) {
          regions[p] = BLEND_BAND;
          break;
        }
      }
    }
    return regions;
  }
}

/** Marks REGENERATED pixels within `seamBandPx` of the key region as BLEND_BAND. */
function markSeamBand(
  regions: Uint8Array,
  keyMask: BinaryMask,
  width: number,
  height: number,
  seamBandPx: number,
): void {
  const box = nonZeroBox(keyMask.data, width, height, seamBandPx + 1);
  if (box === undefined) return;
  const { field } = distanceToSitesInBox(keyMask.data, width, box, { nearest: false });
  const bw = box.x1 - box.x0 + 1;
  const limit = seamBandPx * seamBandPx;
  for (let b = 0; b < field.squared.length; b++) {
    const d2 = field.squared[b];
    if (d2 === 0 || d2 >= limit) continue;
    const p = (Math.floor(b / bw) + box.y0) * width + (b % bw) + box.x0;
    if (regions[p] === REGENERATED) regions[p] = BLEND_BAND;
  }
}

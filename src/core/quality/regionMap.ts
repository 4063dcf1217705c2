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
  const { width, height, channels } = source;
  const regions = new Uint8Array(width * height);
  for (let p = 0, i = 0; p < regions.length; p++, i += channels) {
    const kept = keyMask.data[p] !== 0 || requested.data[p] !== 0;
    if (kept) {
      let equal = true;
      for (let c = 0; c < channels; c++)
        if (output.data[i + c] !== source.data[i + c]) equal = false;
      regions[p] = equal ? KEPT_EXACT : BLEND_BAND;
    } else if (keyAlpha.data[p] > 0) regions[p] = BLEND_BAND;
  }
  if (seamBandPx > 0) {
    const box = nonZeroBox(keyMask.data, width, height, seamBandPx + 1);
    if (box !== undefined) {
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
  }
  return regions;
}

/**
 * The default seam of the composite engine ('ramp'): outside the key region the target keeps its
 * own texture while its level (per channel) ramps smoothly from the source's surroundings at the
 * contour to its own at `bandPx`:
 *
 *   generated(p) = target(p) + w(d(p)) * D(q(p))
 *
 * where d is the distance to the key region, q the nearest key pixel, w a smoothstep from 1 at
 * the contour to 0 at bandPx (no kink at either end), and D the level correction at q from the
 * local means of the rings on both sides of the contour (contourWindows.ts): the source's
 * own step across the contour is reproduced where that keeps the level between the kept pixels'
 * and the target's, and never pushed beyond them. A loose mask (the kept pixels continue the
 * source's background) so gets a seamless join; a tight one (a lesion edge) sits on the target's
 * skin without a halo of the source's skin colour.
 *
 * The feather band of the paste-back (outside the key region) blends in the source's own pixels;
 * they are clamped into the same local range first (`pasteSource`), for the same reason.
 * Because only local means are used, no source pixel outside the feather band (a ruler tick
 * beside the lesion) is copied into the background. The cost is one distance transform per key
 * mask (rampGeometry.ts, shared by a source's outputs) and, per output, a few box sums over the
 * rings and one pass over the band; no iterative solve (bench/results/seams.md).
 */
import { alphaBounds, type AlphaMask, type BinaryMask, type RawImage } from '../../image/rawImage';
import { rampGeometry } from './rampGeometry';
import { ContourWindows } from './contourWindows';

/** What {@link rampSeam} returns: the image to paste onto and the source to paste from. */
export interface RampSeamResult {
  generated: RawImage;
  /**
   * The source with its feather-band pixels outside the key region clamped (key region
   * untouched). Only the rows where the key alpha may be non-zero are filled (the paste-back
   * reads nothing else); the rest is zero.
   */
  pasteSource: RawImage;
}

/** Level-matches the target around the key region and clamps the source's feather band (see above). */
export function rampSeam(
  source: RawImage,
  target: RawImage,
  keyMask: BinaryMask,
  keyAlpha: AlphaMask,
  bandPx: number,
  ringPx = 2,
): RampSeamResult {
  const { width, channels } = target;
  const max = target.bitDepth === 16 ? 65535 : 255;
  const data = target.data.slice();
  const pasteData = rowsWhereAlpha(source, keyAlpha);
  const result = { generated: { ...target, data }, pasteSource: { ...source, data: pasteData } };
  const band = Math.max(1, bandPx);
  const reach = Math.max(2 * ringPx, Math.ceil(band / 4));
  const geometry = rampGeometry(keyMask, band, ringPx);
  if (geometry === undefined) return result;
  const { box, bw, bandPixels, bandSquared, bandContour } = geometry;
  const windows = new ContourWindows(source.data, target.data, width, channels, geometry, reach);
  for (let j = 0; j < bandPixels.length; j++) {
    const at = windows.at(bandContour[j]);
    if (at < 0) continue;
    const t = Math.sqrt(bandSquared[j]) / band;
    const weight = 1 - t * t * (3 - 2 * t);
    const b = bandPixels[j];
    const x = b % bw;
    const p = ((b - x) / bw + box.y0) * width + x + box.x0;
    const i = p * channels;
    for (let c = 0; c < channels; c++) {
      const v = Math.round(target.data[i + c] + weight * windows.level[at + c]);
      data[i + c] = v < 0 ? 0 : v > max ? max : v;
    }
    if (!(keyAlpha.data[p] > 0)) continue;
    for (let c = 0; c < channels; c++) {
      const lo = windows.lo[at + c];
      const hi = windows.hi[at + c];
      pasteData[i + c] = Math.round(Math.min(hi, Math.max(lo, source.data[i + c])));
    }
  }
  return result;
}

/**
 * A zeroed image of the source's size with only the rows where `keyAlpha` may be non-zero copied
 * in: the paste-back reads the source only there, and a small key region in a large image then
 * costs a few rows instead of a copy of the whole image.
 */
function rowsWhereAlpha(source: RawImage, keyAlpha: AlphaMask): Uint8Array | Uint16Array {
  const { y0, y1 } = alphaBounds(keyAlpha);
  const rowLength = source.width * source.channels;
  const copy =
    source.data instanceof Uint16Array
      ? new Uint16Array(source.data.length)
      : new Uint8Array(source.data.length);
  copy.set(source.data.subarray(y0 * rowLength, (y1 + 1) * rowLength), y0 * rowLength);
  return copy;
}

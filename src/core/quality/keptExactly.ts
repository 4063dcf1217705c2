/**
 * The key-region guarantee measured on the result: which share of the requested key region's
 * pixels came out with exactly the source's samples.
 */
import type { BinaryMask, RawImage } from '../image/rawImage';

/**
 * Share (0..1) of the pixels set in `region` whose every sample in `output` equals the source's;
 * null when the region is empty. Images must have the same size, channels and bit depth.
 */
export function keptExactShare(
  output: RawImage,
  source: RawImage,
  region: BinaryMask,
): number | null {
  const { width, height, channels } = source;
  const same =
    output.width === width &&
    output.height === height &&
    output.channels === channels &&
    output.bitDepth === source.bitDepth &&
    region.width === width &&
    region.height === height;
  if (!same) throw new Error('keptExactShare: output, source and region must have the same format');
  let total = 0;
  let exact = 0;
  for (let p = 0, i = 0; p < region.data.length; p++, i += channels) {
    if (region.data[p] === 0) continue;
    total++;
    let equal = true;
    for (let c = 0; c < channels; c++) if (output.data[i + c] !== source.data[i + c]) equal = false;
    if (equal) exact++;
  }
  return total === 0 ? null : exact / total;
}

/**
 * Float working planes (one per channel) for the composite engine's arithmetic, and the way back
 * to integer samples. Keeping planes separate lets each channel be solved as its own system.
 */
import type { RawImage } from '../../image/rawImage';

/** Split interleaved samples into one Float32Array per channel. */
export function toPlanes(image: RawImage): Float32Array[] {
  const pixels = image.width * image.height;
  const planes: Float32Array[] = [];
  for (let c = 0; c < image.channels; c++) {
    const plane = new Float32Array(pixels);
    for (let p = 0, i = c; p < pixels; p++, i += image.channels) plane[p] = image.data[i];
    planes.push(plane);
  }
  return planes;
}

/** Interleave planes back into an image like `like`, rounding and clamping to the sample range. */
export function fromPlanes(planes: Float32Array[], like: RawImage): RawImage {
  const { width, height, channels, bitDepth } = like;
  const max = bitDepth === 16 ? 65535 : 255;
  const data =
    bitDepth === 16
      ? new Uint16Array(width * height * channels)
      : new Uint8Array(width * height * channels);
  for (let c = 0; c < channels; c++) {
    const plane = planes[c];
    for (let p = 0, i = c; p < plane.length; p++, i += channels) {
      const v = Math.round(plane[p]);
      data[i] = v < 0 ? 0 : v > max ? max : v;
    }
  }
  return { width, height, channels, bitDepth, data };
}

/**
 * Sample access shared by the quality measures: every measure works in 8-bit levels (16-bit
 * samples divided by 257) on the colour channels (an alpha channel is not part of the picture).
 */
import type { RawImage } from '../image/rawImage';

/** Colour channels of an image: 1 for grey (+ alpha), 3 for RGB (+ alpha). */
export function colourChannelCount(image: RawImage): 1 | 3 {
  return image.channels >= 3 ? 3 : 1;
}

/** Luma in 8-bit levels, one value per pixel (Rec. 601 weights, as MATLAB's rgb2gray). */
export function lumaLevels8(image: RawImage): Float32Array {
  const { width, height, channels } = image;
  const pixels = width * height;
  const out = new Float32Array(pixels);
  const scale = image.bitDepth === 16 ? 1 / 257 : 1;
  const data = image.data;
  if (channels < 3) {
    for (let p = 0; p < pixels; p++) out[p] = data[p * channels] * scale;
    return out;
  }
  for (let p = 0, i = 0; p < pixels; p++, i += channels)
    out[p] = (0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2]) * scale;
  return out;
}

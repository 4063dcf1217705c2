/**
 * Channel-count and bit-depth conversions done in plain typed-array code (exact and synchronous,
 * so engines can use them without a sharp round trip).
 */
import type { BitDepth, ChannelCount, RawImage } from './rawImage';
import { checkRawImage } from './sharpRaw';

/** Allocate the sample array for an image of this size and depth. */
export function allocSamples(length: number, bitDepth: BitDepth): Uint8Array | Uint16Array {
  return bitDepth === 16 ? new Uint16Array(length) : new Uint8Array(length);
}

/**
 * Convert to another channel count. Grey to colour replicates; colour to grey uses the ITU-R
 * BT.601 luma weights (what PIL's convert('L') uses); a missing alpha becomes opaque.
 */
export function toChannels(image: RawImage, channels: ChannelCount): RawImage {
  checkRawImage(image);
  if (image.channels === channels) return image;
  const pixels = image.width * image.height;
  const opaque = image.bitDepth === 16 ? 65535 : 255;
  const src = image.data;
  const out = allocSamples(pixels * channels, image.bitDepth);
  const inGrey = image.channels <= 2;
  const inAlpha = image.channels === 2 || image.channels === 4;
  const outGrey = channels <= 2;
  const outAlpha = channels === 2 || channels === 4;
  for (let p = 0; p < pixels; p++) {
    const i = p * image.channels;
    const o = p * channels;
    if (outGrey) {
      out[o] = inGrey
        ? src[i]
        : Math.round(0.299 * src[i] + 0.587 * src[i + 1] + 0.114 * src[i + 2]);
    } else {
      const r = src[i];
      out[o] = r;
      out[o + 1] = inGrey ? r : src[i + 1];
      out[o + 2] = inGrey ? r : src[i + 2];
    }
    if (outAlpha) out[o + channels - 1] = inAlpha ? src[i + image.channels - 1] : opaque;
  }
  return {
    width: image.width,
    height: image.height,
    channels,
    bitDepth: image.bitDepth,
    data: out,
  };
}

/** Convert between 8 and 16 bits per sample (x257 up, rounded /257 down: both exact inverses on 8-bit values). */
export function toBitDepth(image: RawImage, bitDepth: BitDepth): RawImage {
  checkRawImage(image);
  if (image.bitDepth === bitDepth) return image;
  const out = allocSamples(image.data.length, bitDepth);
  const src = image.data;
  if (bitDepth === 16) {
    for (let i = 0; i < src.length; i++) out[i] = src[i] * 257;
  } else {
    for (let i = 0; i < src.length; i++) out[i] = Math.round(src[i] / 257);
  }
  return {
    width: image.width,
    height: image.height,
    channels: image.channels,
    bitDepth,
    data: out,
  };
}

/** Convert channels and depth to match another image (channels first, so luma is computed at full precision). */
export function matchFormat(image: RawImage, like: RawImage): RawImage {
  return toBitDepth(toChannels(image, like.channels), like.bitDepth);
}

/**
 * The two conversions between {@link RawImage} and sharp that every image module needs. sharp
 * converts to 8-bit sRGB on output unless told otherwise, so the colourspace and sample depth are
 * always named explicitly here; that is what keeps grey images grey and 16-bit images 16-bit.
 */
import type { Sharp } from 'sharp';
import { sharp } from './sharpLibrary';
import type { BitDepth, ChannelCount, RawImage } from './rawImage';

/** libvips interpretation that keeps both the channel family and the bit depth. */
export function colourspaceFor(channels: ChannelCount, bitDepth: BitDepth): string {
  const grey = channels <= 2;
  if (bitDepth === 16) return grey ? 'grey16' : 'rgb16';
  return grey ? 'b-w' : 'srgb';
}

/** A sharp pipeline whose input is the image's samples (typed array input keeps 16-bit). */
export function sharpFromRaw(image: RawImage): Sharp {
  checkRawImage(image);
  return sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  });
}

/**
 * Run a pipeline to raw samples with the given channel family and depth. The result's channel
 * count is whatever sharp produced (alpha kept when present); callers check it when it matters.
 */
export async function sharpToRaw(
  pipeline: Sharp,
  grey: boolean,
  bitDepth: BitDepth,
  alpha = false,
): Promise<RawImage> {
  // libvips' 8-bit 'b-w' output drops an alpha band (grey16 keeps it): take grey + alpha from
  // an sRGBA decode instead, where grey is replicated exactly into R, G and B.
  if (grey && alpha && bitDepth === 8)
    return greyAlphaFromRgba(await sharpToRaw(pipeline, false, 8));
  const colourspace = colourspaceFor(grey ? 1 : 3, bitDepth);
  const { data, info } = await pipeline
    .toColourspace(colourspace)
    .raw({ depth: bitDepth === 16 ? 'ushort' : 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const channels: ChannelCount = info.channels;
  const samples =
    bitDepth === 16
      ? new Uint16Array(copyToAligned(data).buffer, 0, data.length / 2)
      : new Uint8Array(data.buffer, data.byteOffset, data.length);
  return { width: info.width, height: info.height, channels, bitDepth, data: samples };
}

function greyAlphaFromRgba(rgba: RawImage): RawImage {
  if (rgba.channels !== 4) return rgba;
  const pixels = rgba.width * rgba.height;
  const data = new Uint8Array(pixels * 2);
  for (let p = 0; p < pixels; p++) {
    data[2 * p] = rgba.data[4 * p];
    data[2 * p + 1] = rgba.data[4 * p + 3];
  }
  return { width: rgba.width, height: rgba.height, channels: 2, bitDepth: 8, data };
}

/** Throw when an image's fields disagree with its sample array (a bug upstream, said plainly). */
export function checkRawImage(image: RawImage): void {
  const expected = image.width * image.height * image.channels;
  if (image.data.length !== expected) {
    throw new Error(
      `RawImage ${image.width}x${image.height}x${image.channels} needs ${expected} samples, has ${image.data.length}`,
    );
  }
  const is16 = image.data instanceof Uint16Array;
  if (is16 !== (image.bitDepth === 16)) {
    throw new Error(
      `RawImage says ${image.bitDepth}-bit but holds a ${image.data.constructor.name}`,
    );
  }
}

/** Uint16Array needs a 2-byte aligned offset; Buffers from sharp may not have one. */
function copyToAligned(data: Buffer): Uint8Array {
  const copy = new Uint8Array(data.length);
  copy.set(data);
  return copy;
}

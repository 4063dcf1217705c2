/**
 * A minimal baseline TIFF writer for 16-bit images: sharp's TIFF output is 8-bit only, and a
 * 16-bit radiograph must not lose its depth silently. Uncompressed, little-endian, one strip,
 * grey or RGB with an optional unassociated alpha (TIFF 6.0, sections 2-8 and 18).
 */
import type { RawImage } from './rawImage';

const SHORT = 3;
const LONG = 4;

/** Encode a 16-bit image as an uncompressed TIFF. */
export function encodeTiff16(image: RawImage): Buffer {
  if (image.bitDepth !== 16) throw new Error('encodeTiff16 needs a 16-bit image');
  const { width, height, channels } = image;
  const hasAlpha = channels === 2 || channels === 4;
  const entries: [tag: number, type: number, count: number, value: number][] = [];
  const entryCount = hasAlpha ? 11 : 10;
  const ifdSize = 2 + entryCount * 12 + 4;
  // BitsPerSample needs its own array when it does not fit in the 4-byte value field.
  const bitsOffset = 8 + ifdSize;
  const bitsInline = channels <= 2;
  const dataOffset = bitsOffset + (bitsInline ? 0 : channels * 2);
  const dataBytes = width * height * channels * 2;
  entries.push([256, LONG, 1, width]);
  entries.push([257, LONG, 1, height]);
  entries.push([
    258,
    SHORT,
    channels,
    bitsInline ? 16 | (channels === 2 ? 16 << 16 : 0) : bitsOffset,
  ]);
  entries.push([259, SHORT, 1, 1]); // no compression
  entries.push([262, SHORT, 1, channels <= 2 ? 1 : 2]); // BlackIsZero or RGB
  entries.push([273, LONG, 1, dataOffset]);
  entries.push([277, SHORT, 1, channels]);
  entries.push([278, LONG, 1, height]);
  entries.push([279, LONG, 1, dataBytes]);
  entries.push([284, SHORT, 1, 1]); // interleaved samples
  if (hasAlpha) entries.push([338, SHORT, 1, 2]); // the extra sample is unassociated alpha
  const out = Buffer.alloc(dataOffset + dataBytes);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(entries.length, 8);
  entries.forEach(([tag, type, count, value], i) => {
    const at = 10 + i * 12;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(count, at + 4);
    // A single SHORT sits in the low half of the value field (little-endian); two SHORTs fill it.
    out.writeUInt32LE(value >>> 0, at + 8);
  });
  out.writeUInt32LE(0, 10 + entries.length * 12); // no further IFD
  if (!bitsInline) for (let c = 0; c < channels; c++) out.writeUInt16LE(16, bitsOffset + c * 2);
  for (let i = 0; i < image.data.length; i++) out.writeUInt16LE(image.data[i], dataOffset + i * 2);
  return out;
}

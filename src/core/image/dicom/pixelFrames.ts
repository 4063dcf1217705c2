/**
 * From a parsed file to the samples of one frame: slices native pixel data (byte-swapping big
 * endian), decodes encapsulated frames, and turns the bytes into stored values (masked to Bits
 * Stored, sign-extended when Pixel Representation is 1), as PS3.5 section 8 lays them out.
 */
import { decodeCompressedFrame, type FrameGeometry } from './codecs';
import { numberOf, textOf, type DicomFile } from './dicomFile';
import { isEncapsulated } from './transferSyntax';

/** The parts of the Pixel Data element as dcmjs gives them (one buffer, or one per frame). */
function pixelDataParts(file: DicomFile): Uint8Array[] {
  const value = file.dataset.PixelData;
  const parts = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return parts
    .filter(
      (part): part is ArrayBuffer | ArrayBufferView =>
        part instanceof ArrayBuffer || ArrayBuffer.isView(part),
    )
    .map((part) =>
      part instanceof ArrayBuffer
        ? new Uint8Array(part)
        : new Uint8Array(part.buffer, part.byteOffset, part.byteLength),
    );
}

/** Number of frames (Number of Frames, 1 when absent). */
export function frameCount(file: DicomFile): number {
  return Math.max(1, Math.trunc(numberOf(file.dataset, 'NumberOfFrames') ?? 1));
}

/** The native little-endian bytes of frame `index`. @throws Error when the data is short or undecodable. */
export async function frameBytes(
  file: DicomFile,
  index: number,
  geometry: FrameGeometry,
): Promise<{ bytes: Uint8Array; convertedToRgb: boolean }> {
  const parts = pixelDataParts(file);
  if (parts.length === 0) throw new Error('the file has no Pixel Data');
  const frames = frameCount(file);
  const syntax = file.transferSyntax;
  if (isEncapsulated(syntax)) {
    if (syntax.encoding === 'unsupported') {
      throw new Error(`its transfer syntax ${syntax.name} (${syntax.uid}) is not supported`);
    }
    // One frame split over several fragments arrives as several parts: join them.
    const frame = frames === 1 && parts.length > 1 ? concat(parts) : parts[index];
    if (!frame) throw new Error(`frame ${index + 1} of ${frames} is missing from the pixel data`);
    return decodeCompressedFrame(syntax.encoding, frame, geometry);
  }
  const data = parts.length === 1 ? (parts[0] ?? new Uint8Array(0)) : concat(parts);
  const { rows, columns, samplesPerPixel, bitsAllocated } = geometry;
  // YBR_FULL_422 stores two samples per pixel on average (Y Y Cb Cr per pair of pixels).
  const subsampled =
    samplesPerPixel === 3 && textOf(file.dataset, 'PhotometricInterpretation') === 'YBR_FULL_422';
  const samplesPerFrame = rows * columns * (subsampled ? 2 : samplesPerPixel);
  const frameLength = (samplesPerFrame * bitsAllocated) / 8;
  const start = frameLength * index;
  if (data.length < start + frameLength) {
    throw new Error(
      `the pixel data is truncated: ${data.length} bytes, ${frameLength * frames} needed for ${frames} frame(s)`,
    );
  }
  const bytes = data.slice(start, start + frameLength);
  if (syntax.encoding === 'bigEndian' && bitsAllocated === 16) {
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      const high = bytes[i] ?? 0;
      bytes[i] = bytes[i + 1] ?? 0;
      bytes[i + 1] = high;
    }
  }
  return { bytes, convertedToRgb: false };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Stored values of 8- or 16-bit samples: the low `bitsStored` bits (higher bits may hold overlays
 * in old files), sign-extended when `signed`.
 */
export function storedValues(
  bytes: Uint8Array,
  bitsAllocated: 8 | 16,
  bitsStored: number,
  signed: boolean,
): Int32Array {
  const count = bitsAllocated === 16 ? bytes.length >> 1 : bytes.length;
  const out = new Int32Array(count);
  const mask = bitsStored >= 32 ? 0xffffffff : 2 ** bitsStored - 1;
  const signBit = 2 ** (bitsStored - 1);
  for (let i = 0; i < count; i++) {
    const raw =
      bitsAllocated === 16 ? (bytes[2 * i] ?? 0) | ((bytes[2 * i + 1] ?? 0) << 8) : (bytes[i] ?? 0);
    const value = raw & mask;
    out[i] = signed && value >= signBit ? value - 2 * signBit : value;
  }
  return out;
}

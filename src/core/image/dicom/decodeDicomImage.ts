/**
 * Decodes a DICOM image to the core's {@link RawImage}: grey images keep their stored values
 * (shifted to start at 0, never rescaled or windowed, so no bit depth is lost), colour images
 * become interleaved RGB. Everything the display pipeline needs goes into {@link DicomPixelInfo}.
 */
import { ImageDecodeError } from '../decodeError';
import type { ChannelCount, RawImage } from '../rawImage';
import { itemsOf, numberOf, numbersOf, textOf, type DicomFile } from './dicomFile';
import { expandYbr422, interleavePlanar, ybrFullToRgb } from './photometric';
import type { DecodedPhotometric, DicomPixelInfo } from './pixelInfo';
import { frameBytes, frameCount, storedValues } from './pixelFrames';
import { windowFunctionOf, type VoiLut, type VoiWindow } from './voi';

/**
 * The source's own UIDs. They identify a patient's study, so they never leave memory: they only
 * key the derived UIDs of outputs (uids.ts).
 */
export interface SourceUids {
  study: string;
  series: string;
  sopInstance: string;
}

/** A decoded DICOM image, its pixel facts and its UIDs. */
export interface DecodedDicom {
  image: RawImage;
  info: DicomPixelInfo;
  uids: SourceUids;
}

/** Options: the decompression-bomb guard, as for other formats. */
export interface DecodeDicomOptions {
  maxPixels?: number;
}

const GREY = new Set(['MONOCHROME1', 'MONOCHROME2']);
const COLOUR = new Set(['RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_RCT', 'YBR_ICT']);

/** Decodes the (single) frame of a DICOM image file. @throws ImageDecodeError naming `path`. */
export async function decodeDicomImage(
  file: DicomFile,
  path: string,
  options: DecodeDicomOptions = {},
): Promise<DecodedDicom> {
  const fail = (code: 'unsupported' | 'truncated' | 'tooManyPixels', why: string): never => {
    throw new ImageDecodeError(code, path, why);
  };
  const ds = file.dataset;
  const rows = numberOf(ds, 'Rows') ?? 0;
  const columns = numberOf(ds, 'Columns') ?? 0;
  if (ds.PixelData === undefined || rows < 1 || columns < 1)
    fail('unsupported', 'the DICOM file holds no image (no Pixel Data, Rows or Columns)');
  if (rows * columns > (options.maxPixels ?? 100e6))
    fail('tooManyPixels', `the image has more than ${options.maxPixels ?? 100e6} pixels`);
  const frames = frameCount(file);
  if (frames > 1) {
    fail(
      'unsupported',
      `multi-frame DICOM (${frames} frames) is not supported as an image: export the frames as single-frame files`,
    );
  }
  const samples = numberOf(ds, 'SamplesPerPixel') ?? 1;
  const sourcePhotometric = textOf(ds, 'PhotometricInterpretation') ?? '';
  const bitsAllocated = numberOf(ds, 'BitsAllocated') ?? 0;
  const bitsStored = numberOf(ds, 'BitsStored') ?? bitsAllocated;
  const signed = numberOf(ds, 'PixelRepresentation') === 1;
  if (bitsAllocated !== 8 && bitsAllocated !== 16) {
    fail(
      'unsupported',
      `${bitsAllocated}-bit samples are not supported (8 or 16 bits allocated per sample)`,
    );
  }
  const grey = samples === 1 && GREY.has(sourcePhotometric);
  const colour = samples === 3 && COLOUR.has(sourcePhotometric);
  if (!grey && !colour) {
    fail(
      'unsupported',
      `photometric interpretation ${sourcePhotometric || '(none)'} with ${samples} sample(s) per pixel is not supported (MONOCHROME1, MONOCHROME2, RGB, YBR_FULL, YBR_FULL_422)`,
    );
  }
  if (itemsOf(ds, 'ModalityLUTSequence').length > 0 && grey) {
    fail('unsupported', 'a Modality LUT Sequence is not supported (only Rescale Slope/Intercept)');
  }
  const depth = bitsAllocated as 8 | 16;
  let decoded: { bytes: Uint8Array; convertedToRgb: boolean };
  try {
    decoded = await frameBytes(file, 0, { rows, columns, samplesPerPixel: samples, bitsAllocated });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const code = /truncated|missing/.test(why) ? 'truncated' : 'unsupported';
    return fail(
      code,
      `${why} [transfer syntax: ${file.transferSyntax.name}, ${file.transferSyntax.uid}]`,
    );
  }
  const storedBits = Math.min(bitsStored, bitsAllocated);
  let values = storedValues(decoded.bytes, depth, storedBits, grey && signed);
  let photometric: DecodedPhotometric;
  if (grey) {
    photometric = sourcePhotometric as DecodedPhotometric;
    if (signed) {
      const shift = 2 ** (storedBits - 1);
      for (let i = 0; i < values.length; i++) values[i] = (values[i] ?? 0) + shift;
    }
  } else {
    photometric = 'RGB';
    const encapsulated =
      file.transferSyntax.encoding !== 'littleEndian' &&
      file.transferSyntax.encoding !== 'bigEndian';
    // Planar Configuration describes native and RLE data; codecs already give pixel-interleaved samples.
    if (sourcePhotometric === 'YBR_FULL_422' && !decoded.convertedToRgb && !encapsulated)
      values = expandYbr422(values, columns, rows);
    else if (numberOf(ds, 'PlanarConfiguration') === 1 && !encapsulated)
      values = interleavePlanar(values, rows * columns, 3);
    if (sourcePhotometric.startsWith('YBR_FULL') && !decoded.convertedToRgb)
      ybrFullToRgb(values, storedBits);
  }
  const channels: ChannelCount = grey ? 1 : 3;
  const data = depth === 16 ? Uint16Array.from(values) : Uint8Array.from(values);
  const slope = grey ? (numberOf(ds, 'RescaleSlope') ?? 1) : 1;
  const intercept = grey ? (numberOf(ds, 'RescaleIntercept') ?? 0) : 0;
  const shift = grey && signed ? 2 ** (storedBits - 1) : 0;
  return {
    image: { width: columns, height: rows, channels, bitDepth: depth, data },
    info: {
      modality: textOf(ds, 'Modality') ?? '',
      sourcePhotometric,
      photometric,
      bitsAllocated,
      bitsStored: storedBits,
      signed,
      rescaleSlope: slope,
      rescaleIntercept: intercept - slope * shift,
      rescaleType: textOf(ds, 'RescaleType') ?? '',
      windows: grey ? windowsOf(file) : [],
      voiLut: grey ? voiLutOf(file) : null,
      pixelSpacing: spacingOf(file),
      burnedInAnnotation: textOf(ds, 'BurnedInAnnotation')?.toUpperCase() === 'YES',
      transferSyntax: { uid: file.transferSyntax.uid, name: file.transferSyntax.name },
      sopClassUid: textOf(ds, 'SOPClassUID') ?? '',
    },
    uids: {
      study: textOf(ds, 'StudyInstanceUID') ?? '',
      series: textOf(ds, 'SeriesInstanceUID') ?? '',
      sopInstance: textOf(ds, 'SOPInstanceUID') ?? '',
    },
  };
}

function windowsOf(file: DicomFile): VoiWindow[] {
  const centers = numbersOf(file.dataset, 'WindowCenter');
  const widths = numbersOf(file.dataset, 'WindowWidth');
  const fn = windowFunctionOf(textOf(file.dataset, 'VOILUTFunction'));
  const windows: VoiWindow[] = [];
  for (let i = 0; i < Math.min(centers.length, widths.length); i++) {
    const width = widths[i] ?? 0;
    // Width must be >= 1 (LINEAR) or > 0 (others): a window of 0 is ignored, not divided by.
    if (width >= 1 || (fn !== 'LINEAR' && width > 0))
      windows.push({ center: centers[i] ?? 0, width, function: fn });
  }
  return windows;
}

function voiLutOf(file: DicomFile): VoiLut | null {
  const item = itemsOf(file.dataset, 'VOILUTSequence')[0];
  if (!item) return null;
  const descriptor = numbersOf(item, 'LUTDescriptor');
  const entries = lutEntries(item.LUTData);
  if (descriptor.length < 3 || entries.length === 0) return null;
  const firstMapped = descriptor[1] ?? 0;
  const bits = descriptor[2] ?? 16;
  return { firstMapped, bits, entries: Uint16Array.from(entries) };
}

/** LUT Data as dcmjs gives it: numbers (US) or raw little-endian words (OW). */
function lutEntries(raw: unknown): number[] {
  const values = Array.isArray(raw) ? raw : [raw];
  const numbers = values.filter((v): v is number => typeof v === 'number');
  if (numbers.length > 0) return numbers;
  const buffer = values.find((v): v is ArrayBuffer => v instanceof ArrayBuffer);
  return buffer ? Array.from(new Uint16Array(buffer.slice(0, buffer.byteLength & ~1))) : [];
}

function spacingOf(file: DicomFile): [number, number] | null {
  for (const keyword of ['PixelSpacing', 'ImagerPixelSpacing']) {
    const values = numbersOf(file.dataset, keyword);
    if (values.length >= 2 && values.every((v) => v > 0)) return [values[0] ?? 0, values[1] ?? 0];
  }
  return null;
}

/**
 * Decode and encode images with sharp, keeping what medical images need: bit depth (16-bit PNG
 * and TIFF stay Uint16Array), grey stays grey, EXIF orientation applied, and every failure turned
 * into an {@link ImageDecodeError} that names the file and the cause.
 */
import { readRegularFile } from '../util/confinedPath';
import type { Sharp } from 'sharp';
import { sharp } from './sharpLibrary';
import type { BitDepth, RawImage } from './rawImage';
import { checkRawImage, sharpFromRaw, sharpToRaw } from './sharpRaw';
import { ImageDecodeError } from './decodeError';
import { decodeDicomImage } from './dicom/decodeDicomImage';
import { hasDicomMagic, parseDicom } from './dicom/dicomFile';
import { DICOM_EXTENSIONS } from './dicom/readDicom';
import { encodeTiff16 } from './tiff16';

export { ImageDecodeError } from './decodeError';

/** Output formats the encoder writes. */
export type ImageFormat = 'png' | 'jpeg' | 'tiff' | 'webp';

/** Lower-case file extensions (with the dot) of the formats {@link readImage} accepts. */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.png',
  '.jpg',
  '.jpeg',
  '.tif',
  '.tiff',
  '.webp',
  ...DICOM_EXTENSIONS,
]);

/** Default decompression-bomb guard: refuse images over 100 megapixels. */
export const DEFAULT_MAX_PIXELS = 100e6;

const SUPPORTED_FORMATS = new Set(['png', 'jpeg', 'tiff', 'webp']);

/** The usual file extension (with the dot) for an output format. */
export function extensionForFormat(format: ImageFormat): string {
  return format === 'jpeg' ? '.jpg' : `.${format}`;
}

/**
 * Decode an image file to interleaved samples. PNG, JPEG, TIFF, WebP and DICOM; 8- or 16-bit;
 * grey, grey+alpha, RGB or RGBA (palette images become RGB/RGBA, CMYK becomes RGB; DICOM grey
 * keeps its stored values, see dicom/decodeDicomImage.ts).
 * Truncated or corrupt pixel data is an error, never a silently grey-padded image.
 */
export async function readImage(
  path: string,
  options: { maxPixels?: number } = {},
): Promise<RawImage> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  let bytes: Buffer;
  try {
    // A regular file only: a pipe or device named by a manifest or a scan must fail, not block.
    bytes = await readRegularFile(path);
  } catch (error) {
    throw new ImageDecodeError('unsupported', path, `file cannot be read (${describe(error)})`);
  }
  if (bytes.length === 0) throw new ImageDecodeError('empty', path, 'the file is empty (0 bytes)');
  // DICOM by content, not name: PACS exports often have no extension. Grey samples come back as
  // stored values (see decodeDicomImage); callers that need windowing use readDicomImage.
  if (hasDicomMagic(bytes)) {
    return (await decodeDicomImage(parseDicom(bytes, path), path, { maxPixels })).image;
  }
  // failOn 'error' (which implies 'truncated'): libjpeg otherwise pads a cut-off JPEG with grey.
  const open = (): Sharp =>
    sharp(bytes, { failOn: 'error', limitInputPixels: maxPixels, autoOrient: true });
  try {
    const meta = await open().metadata();
    if (meta.format === undefined || !SUPPORTED_FORMATS.has(meta.format)) {
      throw new ImageDecodeError(
        'unsupported',
        path,
        `format '${meta.format ?? 'unknown'}' is not supported (use PNG, JPEG, TIFF or WebP)`,
      );
    }
    const bitDepth: BitDepth = meta.depth === 'ushort' || meta.depth === 'short' ? 16 : 8;
    if (meta.depth !== 'uchar' && meta.depth !== 'char' && bitDepth !== 16) {
      throw new ImageDecodeError(
        'unsupported',
        path,
        `sample format '${meta.depth}' is not supported (8- or 16-bit integers only)`,
      );
    }
    const grey = meta.space === 'b-w' || meta.space === 'grey16';
    const wantsAlpha = meta.hasAlpha === true;
    const image = await sharpToRaw(open(), grey, bitDepth, wantsAlpha);
    const expected = (grey ? 1 : 3) + (wantsAlpha ? 1 : 0);
    if (image.channels !== expected) {
      throw new ImageDecodeError(
        'unsupported',
        path,
        `decoded to ${image.channels} channels, expected ${expected}`,
      );
    }
    return image;
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    throw classify(path, describe(error), maxPixels);
  }
}

/** Map libvips/sharp messages onto stable codes. */
function classify(path: string, message: string, maxPixels: number): ImageDecodeError {
  const lower = message.toLowerCase();
  if (lower.includes('exceeds pixel limit')) {
    return new ImageDecodeError(
      'tooManyPixels',
      path,
      `the image has more than ${maxPixels} pixels (limit set by maxPixels)`,
    );
  }
  if (lower.includes('unsupported image format')) {
    return new ImageDecodeError('notAnImage', path, 'the file is not an image in a known format');
  }
  if (/premature end|truncated|read error|unexpected end|not enough data|corrupt/.test(lower)) {
    return new ImageDecodeError(
      'truncated',
      path,
      `the image data is truncated or corrupt (${message})`,
    );
  }
  return new ImageDecodeError('unsupported', path, message);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Encode an image. PNG and TIFF keep 16-bit samples and grey (16-bit TIFF is written by our own
 * uncompressed writer, sharp's TIFF output being 8-bit); JPEG and WebP are 8-bit by nature
 * (16-bit input is scaled down), and JPEG drops alpha.
 */
export async function encodeImage(image: RawImage, format: ImageFormat): Promise<Buffer> {
  if (format === 'tiff' && image.bitDepth === 16) {
    checkRawImage(image);
    return encodeTiff16(image);
  }
  const pipeline = sharpFromRaw(image);
  const grey = image.channels <= 2;
  const keeps16 = format === 'png' && image.bitDepth === 16;
  const colourspace = keeps16 ? (grey ? 'grey16' : 'rgb16') : grey ? 'b-w' : 'srgb';
  pipeline.toColourspace(colourspace);
  switch (format) {
    case 'png':
      return pipeline.png({ compressionLevel: 6 }).toBuffer();
    case 'jpeg':
      return pipeline.jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer();
    case 'tiff':
      return pipeline.tiff({ compression: 'lzw' }).toBuffer();
    case 'webp':
      return pipeline.webp({ lossless: true }).toBuffer();
  }
}

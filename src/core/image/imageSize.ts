/**
 * An image's size from its header, without decoding its pixels: what `inspect` needs to match
 * masks to images over a whole dataset (a header is a few hundred bytes; decoding a 512x512 PNG
 * costs milliseconds and megabytes). Truncated pixel data is not noticed here: a run reports it
 * (the item fails), and `inspect --decode` decodes every image.
 */
import { stat } from 'node:fs/promises';
import { ImageDecodeError } from './decodeError';
import { numberOf } from './dicom/dicomFile';
import { readDicomFile, sniffDicom } from './dicom/readDicom';
import { DEFAULT_MAX_PIXELS } from './io';
import { sharp } from './sharpLibrary';

const SUPPORTED_FORMATS = new Set(['png', 'jpeg', 'tiff', 'webp']);

/** Width and height as {@link readImage} would decode them (EXIF orientation applied). */
export interface ImageSize {
  width: number;
  height: number;
}

/**
 * Reads the size of an image file from its header (PNG, JPEG, TIFF, WebP through sharp; DICOM
 * from Rows and Columns). @throws ImageDecodeError naming the file and the cause.
 */
export async function readImageSize(
  filePath: string,
  options: { maxPixels?: number } = {},
): Promise<ImageSize> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  // Regular files only: a pipe named like an image would block the reading thread.
  const file = await stat(filePath).catch((error: Error) => {
    throw new ImageDecodeError('unsupported', filePath, `file cannot be read (${error.message})`);
  });
  if (!file.isFile())
    throw new ImageDecodeError('unsupported', filePath, 'file cannot be read (not a regular file)');
  if (file.size === 0) throw new ImageDecodeError('empty', filePath, 'the file is empty (0 bytes)');
  if (await sniffDicom(filePath)) {
    const { dataset } = await readDicomFile(filePath);
    const height = numberOf(dataset, 'Rows') ?? 0;
    const width = numberOf(dataset, 'Columns') ?? 0;
    if (dataset.PixelData === undefined || width < 1 || height < 1)
      throw new ImageDecodeError(
        'unsupported',
        filePath,
        'the DICOM file holds no image (no Pixel Data, Rows or Columns)',
      );
    return checked({ width, height }, filePath, maxPixels);
  }
  let meta;
  try {
    meta = await sharp(filePath, { limitInputPixels: maxPixels }).metadata();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = /unsupported image format/i.test(message) ? 'notAnImage' : 'unsupported';
    throw new ImageDecodeError(code, filePath, message);
  }
  if (meta.format === undefined || !SUPPORTED_FORMATS.has(meta.format))
    throw new ImageDecodeError(
      'unsupported',
      filePath,
      `format '${meta.format ?? 'unknown'}' is not supported (use PNG, JPEG, TIFF or WebP)`,
    );
  return checked(meta.autoOrient, filePath, maxPixels);
}

function checked(size: ImageSize, filePath: string, maxPixels: number): ImageSize {
  if (size.width * size.height > maxPixels)
    throw new ImageDecodeError(
      'tooManyPixels',
      filePath,
      `the image has more than ${maxPixels} pixels (limit set by maxPixels)`,
    );
  return { width: size.width, height: size.height };
}

/** Reading DICOM files from disk: recognising them, and decoding one to a {@link RawImage}. */
import { constants as fsConstants } from 'node:fs';
import { open } from 'node:fs/promises';
import * as path from 'node:path';
import { readRegularFile } from '../../util/confinedPath';
import { ImageDecodeError } from '../decodeError';
import { decodeDicomImage, type DecodedDicom, type DecodeDicomOptions } from './decodeDicomImage';
import { hasDicomMagic, parseDicom, type DicomFile } from './dicomFile';

/** File extensions (lower case, with the dot) that name DICOM files. */
export const DICOM_EXTENSIONS: ReadonlySet<string> = new Set(['.dcm', '.dicom', '.dic']);

/** True when the name ends in a DICOM extension (case-insensitive). */
export function hasDicomExtension(fileName: string): boolean {
  return DICOM_EXTENSIONS.has(path.extname(fileName).toLowerCase());
}

/**
 * True when the file starts like a DICOM Part 10 file. Reads 132 bytes; used for files without an
 * extension, which is how many PACS exports name their files.
 */
export async function sniffDicom(filePath: string): Promise<boolean> {
  // Non-blocking and regular files only, so a pipe where an image should be cannot stall a reader.
  const flags = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);
  const handle = await open(filePath, flags).catch(() => undefined);
  if (!handle) return false;
  try {
    if (!(await handle.stat()).isFile()) return false;
    const head = new Uint8Array(132);
    const { bytesRead } = await handle.read(head, 0, 132, 0);
    return bytesRead === 132 && hasDicomMagic(head);
  } finally {
    await handle.close();
  }
}

/** Reads and parses a DICOM file. @throws ImageDecodeError naming the file. */
export async function readDicomFile(filePath: string): Promise<DicomFile> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(filePath);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ImageDecodeError('unsupported', filePath, `file cannot be read (${why})`);
  }
  if (bytes.length === 0)
    throw new ImageDecodeError('empty', filePath, 'the file is empty (0 bytes)');
  return parseDicom(bytes, filePath);
}

/** Reads and decodes a single-frame DICOM image. @throws ImageDecodeError naming the file. */
export async function readDicomImage(
  filePath: string,
  options: DecodeDicomOptions = {},
): Promise<DecodedDicom> {
  return decodeDicomImage(await readDicomFile(filePath), filePath, options);
}

/**
 * Parses a DICOM Part 10 byte stream with dcmjs into a naturalized dataset (attributes by keyword)
 * plus its transfer syntax, and reads typed values out of it. Nothing here looks at pixels.
 */
import { ImageDecodeError } from '../decodeError';
import { dcmjsLibrary } from './dcmjsLibrary';
import { transferSyntaxOf, type TransferSyntax } from './transferSyntax';

/** A naturalized dataset: attribute keyword -> value as dcmjs gives it. */
export type Dataset = Record<string, unknown>;

/** A parsed DICOM file. */
export interface DicomFile {
  dataset: Dataset;
  transferSyntax: TransferSyntax;
}

/** True when the bytes carry the Part 10 preamble marker `DICM` at offset 128. */
export function hasDicomMagic(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 &&
    bytes[128] === 0x44 &&
    bytes[129] === 0x49 &&
    bytes[130] === 0x43 &&
    bytes[131] === 0x4d
  );
}

/** Parses a Part 10 file. @throws ImageDecodeError naming `path` when it is not one. */
export function parseDicom(bytes: Uint8Array, path: string): DicomFile {
  if (!hasDicomMagic(bytes)) {
    throw new ImageDecodeError(
      'notAnImage',
      path,
      'not a DICOM Part 10 file (no "DICM" marker at byte 128)',
    );
  }
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const dcmjs = dcmjsLibrary();
  let parsed;
  try {
    parsed = dcmjs.data.DicomMessage.readFile(buffer as ArrayBuffer);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ImageDecodeError('truncated', path, `the DICOM data cannot be parsed (${message})`);
  }
  const meta = dcmjs.data.DicomMetaDictionary.naturalizeDataset(parsed.meta);
  const dataset = dcmjs.data.DicomMetaDictionary.naturalizeDataset(parsed.dict);
  const uid = typeof meta.TransferSyntaxUID === 'string' ? meta.TransferSyntaxUID : '';
  if (uid === '') {
    throw new ImageDecodeError('unsupported', path, 'the file meta has no Transfer Syntax UID');
  }
  return { dataset, transferSyntax: transferSyntaxOf(uid.replace(/\0/g, '').trim()) };
}

/** An attribute's values as a list (dcmjs gives arrays for VM > 1 and sequences, else one value). */
function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : value === undefined ? [] : [value];
}

/** The first value of a multi-valued attribute. */
function first(value: unknown): unknown {
  return listOf(value)[0];
}

/** A number attribute (US, IS, DS...), or undefined when absent or not numeric. */
export function numberOf(dataset: Dataset, keyword: string): number | undefined {
  const value = first(dataset[keyword]);
  const parsed = typeof value === 'string' ? Number(value.trim()) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : undefined;
}

/** Every numeric value of a multi-valued attribute (e.g. WindowCenter), in order. */
export function numbersOf(dataset: Dataset, keyword: string): number[] {
  return listOf(dataset[keyword])
    .map((v) => (typeof v === 'string' ? Number(v.trim()) : v))
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** A text attribute trimmed of DICOM padding, or undefined when absent. */
export function textOf(dataset: Dataset, keyword: string): string | undefined {
  const value = first(dataset[keyword]);
  return typeof value === 'string' ? value.replace(/\0/g, '').trim() : undefined;
}

/** The items of a sequence attribute (dcmjs gives one object or an array of them). */
export function itemsOf(dataset: Dataset, keyword: string): Dataset[] {
  return listOf(dataset[keyword]).filter(
    (v): v is Dataset => typeof v === 'object' && v !== null && !ArrayBuffer.isView(v),
  );
}

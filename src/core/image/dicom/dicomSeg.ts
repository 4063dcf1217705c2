/**
 * DICOM Segmentation objects (SEG, PS3.3 A.51) as key-region masks: the frames of the chosen
 * segments (by number or label; all segments by default) that belong to the source image, OR-ed
 * into one binary mask. BINARY segmentations are bit-packed across frames; FRACTIONAL ones count
 * from half their maximum value up.
 */
import type { BinaryMask } from '../rawImage';
import { itemsOf, numberOf, textOf, type Dataset, type DicomFile } from './dicomFile';
import { frameCount } from './pixelFrames';

/** SOP Class UID of Segmentation Storage. */
export const SEG_SOP_CLASS_UID = '1.2.840.10008.5.1.4.1.1.66.4';

/** Which segments form the key region: numbers or labels (labels compared case-insensitively). */
export type SegmentSelector = number | string;

/** True when a parsed file is a DICOM SEG. */
export function isSegmentation(file: DicomFile): boolean {
  return (
    textOf(file.dataset, 'SOPClassUID') === SEG_SOP_CLASS_UID ||
    textOf(file.dataset, 'Modality') === 'SEG'
  );
}

/** One segment's number and label. */
export interface SegmentInfo {
  number: number;
  label: string;
}

/** The segments a SEG defines, in file order. */
export function segmentsOf(file: DicomFile): SegmentInfo[] {
  return itemsOf(file.dataset, 'SegmentSequence').map((item) => ({
    number: numberOf(item, 'SegmentNumber') ?? 0,
    label: textOf(item, 'SegmentLabel') ?? '',
  }));
}

/** Per frame: its segment number and the SOP Instance UIDs of the images it was derived from. */
function frameFacts(file: DicomFile): Array<{ segment: number; sources: string[] }> {
  const shared = itemsOf(file.dataset, 'SharedFunctionalGroupsSequence')[0];
  const sharedSegment = shared
    ? numberOf(itemsOf(shared, 'SegmentIdentificationSequence')[0] ?? {}, 'ReferencedSegmentNumber')
    : undefined;
  const perFrame = itemsOf(file.dataset, 'PerFrameFunctionalGroupsSequence');
  return Array.from({ length: frameCount(file) }, (_, index) => {
    const group: Dataset = perFrame[index] ?? {};
    const id = itemsOf(group, 'SegmentIdentificationSequence')[0];
    const segment =
      (id ? numberOf(id, 'ReferencedSegmentNumber') : undefined) ?? sharedSegment ?? 0;
    const sources = itemsOf(group, 'DerivationImageSequence').flatMap((derivation) =>
      itemsOf(derivation, 'SourceImageSequence').flatMap(
        (source) => textOf(source, 'ReferencedSOPInstanceUID') ?? [],
      ),
    );
    return { segment, sources };
  });
}

/** The pixel data bytes (native syntaxes only: SEG objects are never compressed in practice). */
function pixelBytes(file: DicomFile): Uint8Array {
  const value = file.dataset.PixelData;
  const part = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (part instanceof ArrayBuffer) return new Uint8Array(part);
  if (ArrayBuffer.isView(part))
    return new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
  throw new Error('the segmentation has no Pixel Data');
}

/** Options of {@link segmentationMask}. */
export interface SegMaskOptions {
  /** Segments to use; empty or undefined = every segment. */
  segments?: readonly SegmentSelector[];
  /** SOP Instance UID of the source image; frames derived from other images are left out. */
  sourceSopInstanceUid?: string;
}

/**
 * The union of the chosen segments' frames for the source image, at the SEG's size.
 * @throws Error saying which segment is unknown, or that no frame belongs to the source.
 */
export function segmentationMask(file: DicomFile, options: SegMaskOptions = {}): BinaryMask {
  const ds = file.dataset;
  if (
    file.transferSyntax.encoding !== 'littleEndian' &&
    file.transferSyntax.encoding !== 'bigEndian'
  )
    throw new Error(`compressed segmentations (${file.transferSyntax.name}) are not supported`);
  const rows = numberOf(ds, 'Rows') ?? 0;
  const columns = numberOf(ds, 'Columns') ?? 0;
  const bits = numberOf(ds, 'BitsAllocated') ?? 1;
  if (bits !== 1 && bits !== 8)
    throw new Error(`segmentation with ${bits}-bit samples is not supported`);
  const defined = segmentsOf(file);
  const wanted = chooseSegments(defined, options.segments ?? []);
  const facts = frameFacts(file);
  const referenced = facts.some((fact) => fact.sources.length > 0);
  const source = options.sourceSopInstanceUid;
  const frames = facts
    .map((fact, index) => ({ ...fact, index }))
    .filter((fact) => wanted.has(fact.segment))
    .filter((fact) => !referenced || source === undefined || fact.sources.includes(source));
  if (frames.length === 0) {
    throw new Error(
      referenced && source !== undefined
        ? 'no frame of the chosen segment(s) is derived from this source image (the SEG references other images)'
        : 'the segmentation has no frame for the chosen segment(s)',
    );
  }
  const perSegment = new Map<number, number>();
  for (const frame of frames)
    perSegment.set(frame.segment, (perSegment.get(frame.segment) ?? 0) + 1);
  if (!referenced && [...perSegment.values()].some((count) => count > 1)) {
    throw new Error(
      'the segmentation has several frames per segment but does not say which image each belongs to',
    );
  }
  const bytes = pixelBytes(file);
  const pixels = rows * columns;
  const threshold = bits === 8 ? Math.ceil((numberOf(ds, 'MaximumFractionalValue') ?? 255) / 2) : 1;
  const data = new Uint8Array(pixels);
  for (const { index } of frames) {
    for (let p = 0; p < pixels; p++) {
      // BINARY: one bit per pixel, packed across frames, least significant bit first.
      const bit = index * pixels + p;
      const value = bits === 1 ? ((bytes[bit >> 3] ?? 0) >> (bit & 7)) & 1 : (bytes[bit] ?? 0);
      if (value >= threshold) data[p] = 1;
    }
  }
  return { width: columns, height: rows, data };
}

function chooseSegments(
  defined: SegmentInfo[],
  selectors: readonly SegmentSelector[],
): Set<number> {
  if (selectors.length === 0) return new Set(defined.map((segment) => segment.number));
  const chosen = new Set<number>();
  for (const selector of selectors) {
    const match = defined.find((segment) =>
      typeof selector === 'number'
        ? segment.number === selector
        : segment.label.toLowerCase() === selector.trim().toLowerCase(),
    );
    if (!match) {
      const known = defined.map((s) => `${s.number} "${s.label}"`).join(', ') || 'none';
      throw new Error(
        `segment ${JSON.stringify(selector)} is not in the segmentation (it has: ${known})`,
      );
    }
    chosen.add(match.number);
  }
  return chosen;
}

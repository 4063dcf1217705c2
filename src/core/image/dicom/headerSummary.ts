/**
 * The key header fields shown to people (CLI `dicom`, gallery and review panel): what kind of
 * image it is and how it is displayed; never who or where it comes from.
 */
import type { RawImage } from '../rawImage';
import { windowPresetsFor, type WindowPresetId } from './display';
import type { DicomPixelInfo } from './pixelInfo';

/** The non-identifying summary of a DICOM image. */
export interface DicomHeaderSummary {
  modality: string;
  photometric: string;
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  signed: boolean;
  transferSyntax: string;
  rescale: { slope: number; intercept: number; type: string } | null;
  windows: Array<{ center: number; width: number; function: string }>;
  hasVoiLut: boolean;
  windowPresets: WindowPresetId[];
  burnedInAnnotation: boolean;
}

/** Summarises a decoded image (the rescale is reported as in the file, before the sample shift). */
export function summarizeDicom(image: RawImage, info: DicomPixelInfo): DicomHeaderSummary {
  const shift = info.signed && info.photometric !== 'RGB' ? 2 ** (info.bitsStored - 1) : 0;
  const intercept = info.rescaleIntercept + info.rescaleSlope * shift;
  return {
    modality: info.modality,
    photometric: info.sourcePhotometric,
    rows: image.height,
    columns: image.width,
    bitsAllocated: info.bitsAllocated,
    bitsStored: info.bitsStored,
    signed: info.signed,
    transferSyntax: info.transferSyntax.name,
    rescale:
      info.rescaleSlope !== 1 || intercept !== 0
        ? { slope: info.rescaleSlope, intercept, type: info.rescaleType }
        : null,
    windows: info.windows.map((w) => ({ center: w.center, width: w.width, function: w.function })),
    hasVoiLut: info.voiLut !== null,
    windowPresets: windowPresetsFor(info),
    burnedInAnnotation: info.burnedInAnnotation,
  };
}

/** One line for people: "CT MONOCHROME2 16-bit (12 stored), JPEG 2000". */
export function describeDicom(summary: DicomHeaderSummary): string {
  const depth =
    summary.bitsStored === summary.bitsAllocated
      ? `${summary.bitsAllocated}-bit`
      : `${summary.bitsAllocated}-bit (${summary.bitsStored} stored)`;
  const modality = summary.modality || 'unknown modality';
  const burned = summary.burnedInAnnotation ? ', burned-in annotation' : '';
  return `${modality} ${summary.photometric} ${depth}, ${summary.transferSyntax}${burned}`;
}

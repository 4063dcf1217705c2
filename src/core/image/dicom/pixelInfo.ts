/**
 * What the pixel pipeline needs to know about a decoded DICOM image, read from its header. Holds
 * no patient, study or institution data, so it may be logged, shown and written to manifests.
 */
import type { VoiLut, VoiWindow } from './voi';

/** Photometric interpretation of the decoded samples (YBR layouts are converted to RGB). */
export type DecodedPhotometric = 'MONOCHROME1' | 'MONOCHROME2' | 'RGB';

/** The non-identifying facts about a decoded DICOM image. */
export interface DicomPixelInfo {
  /** Modality (0008,0060), e.g. "CT", "DX"; "" when absent. */
  modality: string;
  /** Photometric Interpretation as stored in the file, e.g. "YBR_FULL_422". */
  sourcePhotometric: string;
  /** Photometric interpretation of the decoded samples. */
  photometric: DecodedPhotometric;
  bitsAllocated: number;
  bitsStored: number;
  /** Pixel Representation of the file: true when stored values are signed. */
  signed: boolean;
  /**
   * Modality LUT on the decoded samples: modality value = slope * sample + intercept. Decoded
   * samples are the stored values shifted to start at 0 (signed data by 2^(BitsStored-1)), so the
   * intercept includes that shift and modality values stay exactly those of the file.
   */
  rescaleSlope: number;
  rescaleIntercept: number;
  /** Rescale Type (0028,1054), e.g. "HU"; "" when absent. */
  rescaleType: string;
  /** The file's windows (in modality units), in order; the first is the default. */
  windows: VoiWindow[];
  /** The file's first VOI LUT, which the display prefers over windows (as pydicom does). */
  voiLut: VoiLut | null;
  /** Row and column spacing in mm: Pixel Spacing, else Imager Pixel Spacing; null when neither. */
  pixelSpacing: [number, number] | null;
  /** Burned In Annotation (0028,0301) is YES: the pixels may show text such as a name. */
  burnedInAnnotation: boolean;
  /** Transfer syntax name and UID, for error messages and the header summary. */
  transferSyntax: { uid: string; name: string };
  /** SOP Class UID (not identifying: it names the kind of object). */
  sopClassUid: string;
}

/**
 * Writes a generated image as a DICOM Secondary Capture Image (PS3.3 A.8.1), Explicit VR Little
 * Endian, with dcmjs. Grey samples keep their stored domain and bit depth; the rescale and the
 * source's windows travel with them so modality values and the display are those of the source.
 * ImageType DERIVED\SECONDARY, Conversion Type SYN (synthetic image), a Source Image Sequence
 * pointing at the source under its replaced UID, and the de-identified patient/study header.
 */
import { toChannels } from '../pixelFormat';
import type { RawImage } from '../rawImage';
import { dcmjsLibrary } from './dcmjsLibrary';
import { deidentifiedPatientAndStudy } from './deidentification';
import type { DicomPixelInfo } from './pixelInfo';
import { IMPLEMENTATION_CLASS_UID } from './uids';

/** SOP Class UID of Secondary Capture Image Storage. */
export const SECONDARY_CAPTURE_SOP_CLASS_UID = '1.2.840.10008.5.1.4.1.1.7';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** The identity and provenance of one output object. */
export interface SecondaryCaptureIds {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** The source under its replaced UID, with its SOP Class; null for non-DICOM sources. */
  source: { sopClassUid: string; sopInstanceUid: string } | null;
  /** Instance Number (1-based; k + 1). */
  instanceNumber: number;
  /** Text for Derivation Description, e.g. the item id. */
  derivation: string;
}

/** Encodes a generated image as a Secondary Capture object. */
export function encodeSecondaryCapture(
  image: RawImage,
  info: DicomPixelInfo | null,
  ids: SecondaryCaptureIds,
  toolVersion: string,
): Buffer {
  // DICOM colour images have no alpha channel; grey + alpha drops it the same way.
  const pixels =
    image.channels === 2
      ? toChannels(image, 1)
      : image.channels === 4
        ? toChannels(image, 3)
        : image;
  const grey = pixels.channels === 1;
  const bitsAllocated = pixels.bitDepth;
  const bitsStored = grey && info ? Math.min(info.bitsStored, bitsAllocated) : bitsAllocated;
  const photometric = grey
    ? info?.photometric === 'MONOCHROME1'
      ? 'MONOCHROME1'
      : 'MONOCHROME2'
    : 'RGB';
  const dataset: Record<string, unknown> = {
    SOPClassUID: SECONDARY_CAPTURE_SOP_CLASS_UID,
    SOPInstanceUID: ids.sopInstanceUid,
    ...deidentifiedPatientAndStudy(ids.studyInstanceUid),
    Modality: info?.modality || 'OT',
    SeriesInstanceUID: ids.seriesInstanceUid,
    SeriesNumber: '1',
    InstanceNumber: String(ids.instanceNumber),
    Manufacturer: '',
    ConversionType: 'SYN',
    SecondaryCaptureDeviceManufacturer: 'MaskMedPaint',
    SecondaryCaptureDeviceSoftwareVersions: toolVersion,
    ImageType: ['DERIVED', 'SECONDARY'],
    DerivationDescription: `MaskMedPaint augmentation ${ids.derivation}: key region kept, the rest regenerated`,
    BurnedInAnnotation: info?.burnedInAnnotation ? 'YES' : 'NO',
    SamplesPerPixel: grey ? 1 : 3,
    PhotometricInterpretation: photometric,
    ...(grey ? {} : { PlanarConfiguration: 0 }),
    Rows: pixels.height,
    Columns: pixels.width,
    BitsAllocated: bitsAllocated,
    BitsStored: bitsStored,
    HighBit: bitsStored - 1,
    PixelRepresentation: 0,
    ...(grey && info ? greyDisplay(info) : {}),
    ...(info?.pixelSpacing ? { PixelSpacing: info.pixelSpacing.map(decimalString) } : {}),
    ...(ids.source
      ? {
          SourceImageSequence: [
            {
              ReferencedSOPClassUID: ids.source.sopClassUid,
              ReferencedSOPInstanceUID: ids.source.sopInstanceUid,
            },
          ],
        }
      : {}),
    PixelData: [pixelBytes(pixels)],
    _vrMap: { PixelData: bitsAllocated === 16 ? 'OW' : 'OB' },
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: SECONDARY_CAPTURE_SOP_CLASS_UID,
    MediaStorageSOPInstanceUID: ids.sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: 'MASKMEDPAINT',
    _vrMap: {},
  };
  const dcmjs = dcmjsLibrary();
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return Buffer.from(dict.write());
}

/** Rescale (when not the identity) and the source's windows, in modality units. */
function greyDisplay(info: DicomPixelInfo): Record<string, unknown> {
  const rescaled = info.rescaleSlope !== 1 || info.rescaleIntercept !== 0;
  const windows = info.windows;
  return {
    ...(rescaled
      ? {
          RescaleSlope: decimalString(info.rescaleSlope),
          RescaleIntercept: decimalString(info.rescaleIntercept),
          RescaleType: info.rescaleType || 'US',
        }
      : {}),
    ...(windows.length > 0
      ? {
          WindowCenter: windows.map((w) => decimalString(w.center)),
          WindowWidth: windows.map((w) => decimalString(w.width)),
          VOILUTFunction: windows[0]?.function ?? 'LINEAR',
        }
      : {}),
  };
}

/** A Decimal String value (at most 16 characters, PS3.5 6.2). */
function decimalString(value: number): string {
  for (let digits = 15; digits > 1; digits--) {
    const text = String(Number(value.toPrecision(digits)));
    if (text.length <= 16) return text;
  }
  return value.toExponential(6);
}

/** Little-endian sample bytes (16-bit) or the bytes themselves (8-bit). */
function pixelBytes(image: RawImage): ArrayBuffer {
  if (image.bitDepth === 8) return image.data.slice().buffer;
  const out = new Uint8Array(image.data.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < image.data.length; i++) view.setUint16(2 * i, image.data[i] ?? 0, true);
  return out.buffer;
}

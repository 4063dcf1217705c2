/**
 * Encodes a generated image in its item's output format: PNG, JPEG, TIFF or WebP through the
 * image layer (16-bit kept by PNG and TIFF), or a de-identified DICOM Secondary Capture whose
 * UIDs derive from the run, so a resumed run or a rerun writes the same bytes.
 */
import { encodeSecondaryCapture } from '../image/dicom/secondaryCapture';
import { derivedUid } from '../image/dicom/uids';
import { encodeImage } from '../image/io';
import type { RawImage } from '../image/rawImage';
import { TOOL_VERSION } from '../util/toolVersion';
import type { SourceDicom } from './dicomDomain';
import type { PlannedItem } from './types';

/**
 * Encodes `image` for `item`. `runKey` identifies the run (its manifest's creation time): outputs
 * of one run share study and series UIDs per source study and series, and never collide with
 * another run's.
 */
export function encodeItemOutput(
  item: PlannedItem,
  image: RawImage,
  dicom: SourceDicom | null,
  runKey: string,
): Promise<Buffer> {
  if (item.outputFormat !== 'dicom') return encodeImage(image, item.outputFormat);
  const uids = dicom?.uids;
  return Promise.resolve(
    encodeSecondaryCapture(
      image,
      dicom?.info ?? null,
      {
        studyInstanceUid: derivedUid(runKey, 'study', uids?.study || item.sourceKey),
        seriesInstanceUid: derivedUid(runKey, 'series', uids?.series || item.sourceKey),
        sopInstanceUid: derivedUid(runKey, 'instance', item.id),
        source:
          dicom && uids?.sopInstance
            ? {
                sopClassUid: dicom.info.sopClassUid,
                sopInstanceUid: derivedUid(runKey, 'source', uids.sopInstance),
              }
            : null,
        instanceNumber: item.k + 1,
        derivation: item.id,
      },
      TOOL_VERSION,
    ),
  );
}

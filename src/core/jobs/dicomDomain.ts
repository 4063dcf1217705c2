/**
 * How DICOM pixels meet the engines. A grey DICOM source stays in its stored domain for the
 * engines whose registry descriptor says `fullDepth` (composite, copyBackground: they work on those
 * samples as they are, and target images are brought into the same domain through modality
 * values); the 8-bit engines (diffusion, MI-GAN, LaMa) see the windowed display image instead, and
 * their result is mapped back through the inverse window before the source's own key-region
 * samples are pasted back.
 */
import type { ManifestDicomInfo } from '../../shared/manifest';
import { engineDescriptor, isEngineId } from '../engines/registry';
import { DEIDENTIFICATION_METHOD } from '../image/dicom/deidentification';
import { displayToStored, renderDisplay8, resolveVoi } from '../image/dicom/display';
import type { DicomPixelInfo } from '../image/dicom/pixelInfo';
import type { VoiTransform } from '../image/dicom/voi';
import { pasteKeyRegion } from '../image/pasteBack';
import { toBitDepth, toChannels } from '../image/pixelFormat';
import type { AlphaMask, RawImage } from '../image/rawImage';

/** A decoded DICOM source: its pixel facts and the window the 8-bit engines see. */
export interface SourceDicom {
  info: DicomPixelInfo;
  voi: VoiTransform;
  /** The source's UIDs, only ever used as keys of derived UIDs. */
  uids: { study: string; series: string; sopInstance: string };
}

/**
 * True when the engine sees windowed 8-bit images of a grey DICOM source: every engine whose
 * registry descriptor does not say it works at full depth (an unknown id counts as 8-bit).
 */
export function seesDisplayImage(engineId: string, dicom: SourceDicom): boolean {
  const fullDepth = isEngineId(engineId) && engineDescriptor(engineId).fullDepth;
  return dicom.info.photometric !== 'RGB' && !fullDepth;
}

/** The source image handed to the engine. */
export function engineSource(source: RawImage, dicom: SourceDicom, engineId: string): RawImage {
  return seesDisplayImage(engineId, dicom) ? renderDisplay8(source, dicom.info, dicom.voi) : source;
}

/**
 * The target image handed to the engine, in the same domain as {@link engineSource}. A DICOM
 * target goes through its own modality values (inverted when one image is MONOCHROME1 and the
 * other MONOCHROME2); a PNG/JPEG target is a display image, taken back through the source's window.
 */
export function engineTarget(
  target: RawImage,
  targetInfo: DicomPixelInfo | null,
  source: RawImage,
  dicom: SourceDicom,
  engineId: string,
): RawImage {
  const targetGreyDicom = targetInfo !== null && targetInfo.photometric !== 'RGB';
  if (seesDisplayImage(engineId, dicom) || dicom.info.photometric === 'RGB') {
    return targetGreyDicom
      ? renderDisplay8(target, targetInfo, resolveVoi(target, targetInfo))
      : target;
  }
  const like: RawImage = { ...source, width: target.width, height: target.height };
  if (!targetGreyDicom) {
    const display = toBitDepth(toChannels(target, 1), 8);
    return displayToStored(display, like, dicom.info, dicom.voi);
  }
  return modalityToSourceDomain(target, targetInfo, like, dicom.info);
}

function modalityToSourceDomain(
  target: RawImage,
  targetInfo: DicomPixelInfo,
  like: RawImage,
  sourceInfo: DicomPixelInfo,
): RawImage {
  const flip = targetInfo.photometric !== sourceInfo.photometric;
  const lowest = targetInfo.rescaleIntercept;
  const highest =
    targetInfo.rescaleSlope * (2 ** targetInfo.bitsStored - 1) + targetInfo.rescaleIntercept;
  const max = 2 ** sourceInfo.bitsStored - 1;
  const data =
    like.bitDepth === 16 ? new Uint16Array(target.data.length) : new Uint8Array(target.data.length);
  for (let i = 0; i < data.length; i++) {
    let value = targetInfo.rescaleSlope * (target.data[i] ?? 0) + targetInfo.rescaleIntercept;
    if (flip) value = lowest + highest - value;
    const stored = Math.round((value - sourceInfo.rescaleIntercept) / sourceInfo.rescaleSlope);
    data[i] = Math.min(max, Math.max(0, stored));
  }
  return { ...like, data };
}

/**
 * The engine's result in the source's domain: unchanged for full-depth engines; for 8-bit
 * engines mapped back through the window, with the source's key region pasted back exactly
 * (outside the feather band) when the recipe asks for paste-back.
 */
export function storedResult(
  result: RawImage,
  source: RawImage,
  keyAlpha: AlphaMask,
  dicom: SourceDicom,
  engineId: string,
  pasteBack: boolean,
): RawImage {
  if (!seesDisplayImage(engineId, dicom)) return result;
  const stored = displayToStored(result, source, dicom.info, dicom.voi);
  return pasteBack ? pasteKeyRegion(stored, source, keyAlpha) : stored;
}

/** The manifest's record of a DICOM item (no identifiers). */
export function manifestDicomInfo(
  info: DicomPixelInfo | null,
  output: RawImage,
): ManifestDicomInfo {
  const window = info?.windows[0];
  return {
    modality: info?.modality || 'OT',
    photometric: info?.photometric ?? (output.channels <= 2 ? 'MONOCHROME2' : 'RGB'),
    bitsStored: info ? info.bitsStored : output.bitDepth,
    rescaleSlope: info?.rescaleSlope ?? 1,
    rescaleIntercept: info?.rescaleIntercept ?? 0,
    window: window
      ? { center: window.center, width: window.width, function: window.function }
      : null,
    burnedInAnnotation: info?.burnedInAnnotation ?? false,
    deidentification: DEIDENTIFICATION_METHOD,
  };
}

/**
 * Renders any image the views show to a small 8-bit PNG on the host, so webviews only ever
 * decode PNGs they can draw: DICOM through the standard display pipeline (rescale, window preset,
 * MONOCHROME1 inverted), DICOM SEG masks as white key regions, 16-bit PNG outputs of DICOM
 * sources through the rescale and window their manifest item records, TIFF and other 16-bit
 * images scaled to 8 bits. No vscode import, so it is unit-tested in plain Node.
 */
import * as path from 'node:path';
import sharp from 'sharp';
import type { ManifestDicomInfo } from '../../shared/manifest';
import {
  isSegmentation,
  segmentationMask,
  type SegmentSelector,
} from '../../core/image/dicom/dicomSeg';
import { renderDisplay8, resolveVoi, type WindowPresetId } from '../../core/image/dicom/display';
import { decodeDicomImage } from '../../core/image/dicom/decodeDicomImage';
import type { DicomPixelInfo } from '../../core/image/dicom/pixelInfo';
import { hasDicomExtension, readDicomFile, sniffDicom } from '../../core/image/dicom/readDicom';
import { encodeImage, readImage } from '../../core/image/io';
import type { RawImage } from '../../core/image/rawImage';

/** How to render one image. */
export interface RenderOptions {
  /** Longest side in pixels; undefined = full size (the review panel's brush needs it). */
  maxSize?: number;
  window?: WindowPresetId;
  /** The manifest item's DICOM facts, for outputs written as PNG (no header of their own). */
  dicom?: ManifestDicomInfo;
  /** SEG masks: the segments that form the key region (the recipe's mask.dicomSegments). */
  segments?: readonly SegmentSelector[];
}

/** Formats a browser shows as they are (8-bit PNG/JPEG/WebP without DICOM facts). */
const BROWSER_FORMATS = new Set(['.png', '.jpg', '.jpeg', '.webp']);

/**
 * True when the file must be rendered on the host: DICOM (by extension or an extension-less or
 * UID-like name), TIFF, or an output whose manifest item has DICOM facts (16-bit stored samples).
 */
export function needsHostRendering(filePath: string, dicom?: ManifestDicomInfo): boolean {
  if (dicom) return true;
  const ext = path.extname(filePath).toLowerCase();
  return !BROWSER_FORMATS.has(ext) || hasDicomExtension(filePath);
}

/** The pixel facts of a PNG output, from its manifest item. */
export function pixelInfoFromManifest(info: ManifestDicomInfo): DicomPixelInfo {
  return {
    modality: info.modality,
    sourcePhotometric: info.photometric,
    photometric: info.photometric,
    bitsAllocated: info.bitsStored > 8 ? 16 : 8,
    bitsStored: info.bitsStored,
    signed: false,
    rescaleSlope: info.rescaleSlope,
    rescaleIntercept: info.rescaleIntercept,
    rescaleType: '',
    windows: info.window ? [info.window] : [],
    voiLut: null,
    pixelSpacing: null,
    burnedInAnnotation: info.burnedInAnnotation,
    transferSyntax: { uid: '', name: 'PNG' },
    sopClassUid: '',
  };
}

/** The 8-bit image to show. */
async function displayImage(filePath: string, options: RenderOptions): Promise<RawImage> {
  if (await sniffDicom(filePath)) {
    const file = await readDicomFile(filePath);
    if (isSegmentation(file)) {
      const mask = segmentationMask(file, options.segments ? { segments: options.segments } : {});
      return {
        width: mask.width,
        height: mask.height,
        channels: 1,
        bitDepth: 8,
        data: mask.data.map((v) => v * 255),
      };
    }
    const { image, info } = await decodeDicomImage(file, filePath);
    return renderDisplay8(image, info, resolveVoi(image, info, options.window));
  }
  const image = await readImage(filePath);
  if (options.dicom && image.channels === 1) {
    const info = pixelInfoFromManifest(options.dicom);
    return renderDisplay8(image, info, resolveVoi(image, info, options.window));
  }
  return image;
}

/** Renders the file as an 8-bit PNG fitted inside `maxSize` (when given). @throws when unreadable. */
export async function renderDisplayPng(
  filePath: string,
  options: RenderOptions = {},
): Promise<Buffer> {
  const image = await displayImage(filePath, options);
  const png = await encodeImage(
    image.bitDepth === 8
      ? image
      : { ...image, data: Uint8Array.from(image.data, (v) => Math.round(v / 257)), bitDepth: 8 },
    'png',
  );
  if (options.maxSize === undefined) return png;
  return sharp(png)
    .resize(options.maxSize, options.maxSize, { fit: 'inside', withoutEnlargement: true })
    .png({ compressionLevel: 6 })
    .toBuffer();
}

/**
 * Read a key-region mask file of any supported format, depth and channel layout, threshold it,
 * and bring it to the image's size with nearest-neighbour sampling (masks must stay binary). A
 * mask of another size but the same shape (a downscaled mask) is normal; one of another aspect
 * ratio is stretched to fit and reported, never silently.
 */
import type { MaskAspectMismatch } from '../../shared/manifest';
import { ImageDecodeError } from './decodeError';
import { isSegmentation, segmentationMask, type SegmentSelector } from './dicom/dicomSeg';
import { readDicomFile, sniffDicom } from './dicom/readDicom';
import { readImage } from './io';
import type { BinaryMask, RawImage } from './rawImage';

/**
 * Aspect ratios that differ by more than this fraction (plus one pixel of rounding on each side
 * of the mask) count as different: a mask saved at another resolution rounds its sides to whole
 * pixels, a mask cropped, padded or made for another image does not.
 */
export const MASK_ASPECT_TOLERANCE = 0.01;

/** The sizes when a mask's aspect ratio differs from its image's, else null. */
export function maskAspectMismatch(
  mask: { width: number; height: number },
  image: { width: number; height: number },
): MaskAspectMismatch | null {
  const ratio = (mask.width * image.height) / (mask.height * image.width);
  const allowed = MASK_ASPECT_TOLERANCE + 1 / mask.width + 1 / mask.height;
  if (Math.abs(Math.log(ratio)) <= Math.log1p(allowed)) return null;
  return {
    maskWidth: mask.width,
    maskHeight: mask.height,
    imageWidth: image.width,
    imageHeight: image.height,
  };
}

/** "a 100x50 mask stretched to a 64x64 image" for messages and reports. */
export function describeAspectMismatch(mismatch: MaskAspectMismatch): string {
  return (
    `a ${mismatch.maskWidth}x${mismatch.maskHeight} mask stretched to a ` +
    `${mismatch.imageWidth}x${mismatch.imageHeight} image (different aspect ratio)`
  );
}

/** How to turn a mask file into a binary mask at the image's size. */
export interface ReadMaskOptions {
  /** 8-bit scale: values >= threshold are key region ('nonzero': any value > 0). 16-bit masks scale it by 257. */
  threshold: number | 'nonzero';
  width: number;
  height: number;
  maxPixels?: number;
  /** DICOM SEG masks: the segments that form the key region (numbers or labels; default all). */
  segments?: readonly SegmentSelector[];
  /** DICOM SEG masks: the source image's SOP Instance UID, to pick the frames derived from it. */
  sourceSopInstanceUid?: string;
}

/** Decode, threshold and resize a mask file (a DICOM SEG: its chosen segments); 1 = key region. */
export async function readMask(path: string, options: ReadMaskOptions): Promise<BinaryMask> {
  return (await readMaskFile(path, options)).mask;
}

/**
 * {@link readMask}, also telling whether the file had to be stretched to the image's aspect
 * ratio ({@link maskAspectMismatch}).
 */
export async function readMaskFile(
  path: string,
  options: ReadMaskOptions,
): Promise<{ mask: BinaryMask; aspectMismatch: MaskAspectMismatch | null }> {
  const { threshold, width, height } = options;
  if (threshold !== 'nonzero' && !(threshold > 0 && threshold <= 255)) {
    throw new Error(`mask threshold must be 'nonzero' or in 1..255, got ${threshold}`);
  }
  if (await sniffDicom(path)) {
    const file = await readDicomFile(path);
    if (isSegmentation(file)) {
      let mask: BinaryMask;
      try {
        mask = segmentationMask(file, {
          ...(options.segments ? { segments: options.segments } : {}),
          ...(options.sourceSopInstanceUid
            ? { sourceSopInstanceUid: options.sourceSopInstanceUid }
            : {}),
        });
      } catch (error) {
        throw new ImageDecodeError(
          'unsupported',
          path,
          error instanceof Error ? error.message : String(error),
        );
      }
      return {
        mask: resizeNearest(mask, width, height),
        aspectMismatch: maskAspectMismatch(mask, { width, height }),
      };
    }
  }
  const image = await readImage(
    path,
    options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels },
  );
  const values = maskValues(image);
  const scaled = threshold === 'nonzero' ? 1 : image.bitDepth === 16 ? threshold * 257 : threshold;
  const binary = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) binary[i] = values[i] >= scaled ? 1 : 0;
  return {
    mask: resizeNearest({ width: image.width, height: image.height, data: binary }, width, height),
    aspectMismatch: maskAspectMismatch(image, { width, height }),
  };
}

/**
 * One value per pixel: grey as is; colour as BT.601 luma; and when an alpha channel exists and
 * every colour sample is the same everywhere (a "cut-out" mask), the alpha channel instead.
 */
export function maskValues(image: RawImage): Float64Array {
  const { channels, data } = image;
  const pixels = image.width * image.height;
  const hasAlpha = channels === 2 || channels === 4;
  const colours = hasAlpha ? channels - 1 : channels;
  const out = new Float64Array(pixels);
  if (hasAlpha && coloursConstant(data, channels, colours)) {
    for (let p = 0; p < pixels; p++) out[p] = data[p * channels + channels - 1];
    return out;
  }
  for (let p = 0; p < pixels; p++) {
    const i = p * channels;
    out[p] = colours === 1 ? data[i] : 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
  }
  return out;
}

function coloursConstant(
  data: Uint8Array | Uint16Array,
  channels: number,
  colours: number,
): boolean {
  for (let c = 0; c < colours; c++) {
    const first = data[c];
    for (let i = c; i < data.length; i += channels) if (data[i] !== first) return false;
  }
  return true;
}

/** Nearest-neighbour resize of a binary mask (pixel-centre sampling, like PIL's NEAREST). */
export function resizeNearest(mask: BinaryMask, width: number, height: number): BinaryMask {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`mask size must be positive integers, got ${width}x${height}`);
  }
  if (mask.width === width && mask.height === height) return mask;
  const data = new Uint8Array(width * height);
  const xs = new Int32Array(width);
  for (let x = 0; x < width; x++)
    xs[x] = Math.min(mask.width - 1, Math.floor(((x + 0.5) * mask.width) / width));
  for (let y = 0; y < height; y++) {
    const sy = Math.min(mask.height - 1, Math.floor(((y + 0.5) * mask.height) / height));
    const srcRow = sy * mask.width;
    const row = y * width;
    for (let x = 0; x < width; x++) data[row + x] = mask.data[srcRow + xs[x]];
  }
  return { width, height, data };
}

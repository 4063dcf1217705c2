/**
 * Edited key-region masks from the review panel's brush: decoding the PNG data URL the webview
 * sends (checked to really be a PNG) and where the file goes.
 */
import * as path from 'node:path';
import sharp from 'sharp';
import { type SegmentSelector } from '../../core/image/dicom/dicomSeg';
import { sniffDicom } from '../../core/image/dicom/readDicom';
import { readMask } from '../../core/image/maskIo';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PREFIX = 'data:image/png;base64,';

/** Decodes a `data:image/png;base64,` URL; throws when the bytes are not a PNG. */
export function decodePngDataUrl(dataUrl: string): Buffer {
  if (!dataUrl.startsWith(PREFIX)) throw new Error('edited mask is not a PNG data URL');
  const bytes = Buffer.from(dataUrl.slice(PREFIX.length), 'base64');
  if (
    bytes.length < PNG_SIGNATURE.length ||
    !bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)
  ) {
    throw new Error('edited mask is not a PNG (bad signature)');
  }
  return bytes;
}

/**
 * `<manifest folder>/edited-masks/<id>.png`. Ids come from the manifest (validated to contain
 * no path separators); the name is still reduced to safe characters so it cannot leave the folder.
 */
export function editedMaskPath(manifestPath: string, itemId: string): string {
  const safe = itemId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return path.join(path.dirname(manifestPath), 'edited-masks', `${safe}.png`);
}

/**
 * Merges the brush's edit layer (RGBA PNG the size of the source: opaque white = add to the key
 * region, opaque black = remove, transparent = keep) into the original mask. Unedited pixels keep
 * their original grey value, so the recipe's mask threshold treats them exactly as before.
 * With no original mask, the base is empty (no key region).
 */
export async function mergeMaskEdits(
  editPng: Buffer,
  originalMaskPath: string | null,
  segments?: readonly SegmentSelector[],
): Promise<Buffer> {
  const edit = await sharp(editPng, { limitInputPixels: 100e6 })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = edit.info;
  const base = originalMaskPath
    ? await readBaseMask(originalMaskPath, width, height, segments)
    : Buffer.alloc(width * height);
  const merged = Buffer.from(base);
  for (let i = 0; i < width * height; i++) {
    const o = i * channels;
    if (edit.data[o + channels - 1] >= 128) merged[i] = edit.data[o] >= 128 ? 255 : 0;
  }
  return sharp(merged, { raw: { width, height, channels: 1 } })
    .toColourspace('b-w')
    .png()
    .toBuffer();
}

/** The original mask as grey bytes at the edit's size; a DICOM SEG gives its chosen segments in white. */
async function readBaseMask(
  originalMaskPath: string,
  width: number,
  height: number,
  segments: readonly SegmentSelector[] | undefined,
): Promise<Buffer> {
  if (await sniffDicom(originalMaskPath)) {
    const mask = await readMask(originalMaskPath, {
      threshold: 'nonzero',
      width,
      height,
      ...(segments ? { segments } : {}),
    });
    return Buffer.from(mask.data.map((v) => v * 255));
  }
  return sharp(originalMaskPath, { limitInputPixels: 100e6 })
    .greyscale()
    .resize(width, height, { fit: 'fill', kernel: 'nearest' })
    .extractChannel(0)
    .raw()
    .toBuffer();
}

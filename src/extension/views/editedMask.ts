/**
 * Edited key-region masks from the review panel's brush: decoding the PNG data URL the webview
 * sends (checked to really be a PNG), merging it into the item's mask and saving it in the run
 * folder, every path confined first.
 */
import sharp from 'sharp';
import { type SegmentSelector } from '../../core/image/dicom/dicomSeg';
import { sniffDicom } from '../../core/image/dicom/readDicom';
import { readMask } from '../../core/image/maskIo';
import { editedMaskPath } from '../../core/jobs/editedMasks';
import { ManifestPaths } from '../../core/jobs/manifestPaths';
import { readManifest } from '../../core/jobs/manifestStore';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { ConfinementError, readRegularFile } from '../../core/util/confinedPath';

export { editedMaskPath } from '../../core/jobs/editedMasks';

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
 * Merges the brush's edit layer (RGBA PNG the size of the source: opaque white = add to the key
 * region, opaque black = remove, transparent = keep) into the original mask. Unedited pixels keep
 * their original grey value, so the recipe's mask threshold treats them exactly as before.
 * With no original mask, the base is empty (no key region). The caller confines the original's
 * path (it comes from the manifest); it is read as a regular file only, never a pipe.
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

/**
 * The original mask as grey bytes at the edit's size (read as a regular file only); a DICOM SEG
 * gives its chosen segments in white.
 */
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
  return sharp(await readRegularFile(originalMaskPath), { limitInputPixels: 100e6 })
    .greyscale()
    .resize(width, height, { fit: 'fill', kernel: 'nearest' })
    .extractChannel(0)
    .raw()
    .toBuffer();
}

/**
 * Merges the brush's edit layer into the item's recorded mask and writes the result to
 * `edited-masks/<id>.png` in the run folder. The recorded mask is read only when it is a regular
 * file in the masks folder the manifest records (or the run folder); the edit is written only
 * inside the run folder, through no symbolic link and outside every input folder, so the path
 * returned (and logged) is the file really written.
 * @throws ManifestPathError or Error naming the item and the refused path.
 */
export async function saveEditedMask(
  manifestPath: string,
  itemId: string,
  editPng: Buffer,
): Promise<string> {
  const manifest = await readManifest(manifestPath);
  const item = manifest.items.find((candidate) => candidate.id === itemId);
  if (!item) throw new Error(`no item "${itemId}" in ${manifestPath}`);
  const paths = await ManifestPaths.open(manifestPath, manifest.inputs);
  const original = await paths.forReading(item, 'mask');
  const merged = await mergeMaskEdits(
    editPng,
    original?.realPath ?? null,
    manifest.recipe.mask.dicomSegments,
  );
  let target: string;
  try {
    target = await paths.runFolderWriteTarget(editedMaskPath(manifestPath, itemId));
  } catch (error) {
    if (!(error instanceof ConfinementError)) throw error;
    throw new Error(`item "${itemId}", edited mask: ${error.message}`);
  }
  await writeFileAtomic(target, merged);
  return target;
}

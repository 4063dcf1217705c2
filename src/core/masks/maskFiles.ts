/**
 * Masks written as files users can review and edit: 8-bit greyscale PNG, 255 = key region,
 * written atomically.
 */
import { encodeImage } from '../image/io';
import type { BinaryMask } from '../image/rawImage';
import { writeFileAtomic } from '../util/atomicWrite';

/** Encode a binary mask as a 0/255 greyscale PNG. */
export async function encodeMaskPng(mask: BinaryMask): Promise<Buffer> {
  const data = new Uint8Array(mask.data.length);
  for (let i = 0; i < data.length; i++) data[i] = mask.data[i] !== 0 ? 255 : 0;
  return encodeImage(
    { width: mask.width, height: mask.height, channels: 1, bitDepth: 8, data },
    'png',
  );
}

/** Write `mask` to `path` (PNG) atomically. */
export async function writeMaskPng(mask: BinaryMask, path: string): Promise<void> {
  await writeFileAtomic(path, await encodeMaskPng(mask));
}

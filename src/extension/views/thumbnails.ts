/**
 * Small thumbnails for the notebook renderer, which cannot load local files: the host reads the
 * image with sharp (asynchronous, on libuv's thread pool, so the extension host stays responsive)
 * and answers with a small PNG data URL.
 */
import sharp from 'sharp';
import { readRegularFile } from '../../core/util/confinedPath';

/** Longest side of a renderer thumbnail in pixels. */
export const RENDERER_THUMB_SIZE = 128;

/**
 * A PNG data URL of the image fitted inside `size` x `size`; null when it cannot be read or is
 * not a regular file (a named pipe would otherwise block the read forever).
 */
export async function thumbnailDataUrl(
  filePath: string,
  size = RENDERER_THUMB_SIZE,
): Promise<string | null> {
  try {
    const png = await sharp(await readRegularFile(filePath), { limitInputPixels: 100e6 })
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: 6 })
      .toBuffer();
    return `data:image/png;base64,${png.toString('base64')}`;
  } catch {
    return null;
  }
}

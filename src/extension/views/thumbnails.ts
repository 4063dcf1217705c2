/**
 * Small thumbnails for the notebook renderer, which cannot load local files: the host reads the
 * image with sharp (asynchronous, on libuv's thread pool, so the extension host stays responsive)
 * and answers with a small PNG data URL.
 */
import sharp from 'sharp';

/** Longest side of a renderer thumbnail in pixels. */
export const RENDERER_THUMB_SIZE = 128;

/** A PNG data URL of the image fitted inside `size` x `size`; null when it cannot be read. */
export async function thumbnailDataUrl(
  filePath: string,
  size = RENDERER_THUMB_SIZE,
): Promise<string | null> {
  try {
    const png = await sharp(filePath, { limitInputPixels: 100e6 })
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: 6 })
      .toBuffer();
    return `data:image/png;base64,${png.toString('base64')}`;
  } catch {
    return null;
  }
}

/**
 * Small PNG thumbnails made in the browser from an image the Jupyter server serves: the shared
 * gallery code draws only PNG data URLs (never a URL that could point elsewhere), and a page of
 * 200 items stays light in memory. 16-bit PNG outputs are drawn by the browser's own decoder.
 */

/** Longest side of a thumbnail, in pixels (RENDERER_THUMB_SIZE, as the VS Code host makes them). */
export const THUMBNAIL_PX = 128;

/** A PNG data URL of `blob` scaled to fit THUMBNAIL_PX; null when the browser cannot decode it. */
export async function thumbnailFromBlob(blob: Blob, doc: Document): Promise<string | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    return null;
  }
  try {
    const scale = Math.min(1, THUMBNAIL_PX / Math.max(bitmap.width, bitmap.height));
    const canvas = doc.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const context = canvas.getContext('2d');
    if (!context) return null;
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL('image/png');
  } finally {
    bitmap.close();
  }
}

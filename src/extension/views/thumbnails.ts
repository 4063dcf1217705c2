/**
 * Small thumbnails for the notebook renderer, which cannot load local files: the host renders
 * the image with the thumbnail service's renderer (DICOM and 16-bit included) and answers with a
 * small PNG data URL.
 */
import type { ManifestDicomInfo } from '../../shared/manifest';
import { renderDisplayPng } from './thumbnailRender';

/** Longest side of a renderer thumbnail in pixels. */
export const RENDERER_THUMB_SIZE = 128;

/**
 * A PNG data URL of the image fitted inside `size` x `size`; null when it cannot be read or is
 * not a regular file (a named pipe would otherwise block the read forever).
 */
export async function thumbnailDataUrl(
  filePath: string,
  size = RENDERER_THUMB_SIZE,
  dicom?: ManifestDicomInfo,
): Promise<string | null> {
  try {
    const png = await renderDisplayPng(filePath, { maxSize: size, ...(dicom ? { dicom } : {}) });
    return `data:image/png;base64,${png.toString('base64')}`;
  } catch {
    return null;
  }
}

/**
 * Builds what the gallery shows from files: a manifest's items or a predictions CSV's rows, with
 * every image turned into a webview URI when it lies inside the allowed roots.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { readManifest } from '../../core/jobs/manifestStore';
import { parsePredictionsCsv } from '../../shared/predictions';
import type { GalleryItemView, PredictionRowView } from '../../shared/webviewProtocol';
import { resolveManifestPath, toItemView } from './galleryModel';
import { GALLERY_THUMB_SIZE, ThumbnailCache } from './thumbnailCache';

/** Turns an absolute path into a webview URI string, or null when it may not be shown. */
export type ToWebviewUri = (absolutePath: string) => string | null;

/** Reads a manifest and maps its items for the gallery. */
export async function loadManifestItems(
  manifestUri: vscode.Uri,
  toUri: ToWebviewUri,
): Promise<GalleryItemView[]> {
  // A job that has just started may not have written its manifest yet: show an empty run and
  // let the follower fill it in when the file appears.
  if (!existsSync(manifestUri.fsPath)) return [];
  const manifest = await readManifest(manifestUri.fsPath);
  const dir = path.dirname(manifestUri.fsPath);
  // DICOM, TIFF and 16-bit outputs are shown through host-rendered thumbnails (thumbnailCache.ts).
  const cache = ThumbnailCache.beside(manifestUri.fsPath);
  const segments = manifest.recipe.mask.dicomSegments;
  const shown = new Map<string, string | null>();
  for (const item of manifest.items) {
    const files: Array<[string | null, boolean]> = [
      [item.source, false],
      [item.mask, false],
      [item.output, true],
    ];
    for (const [relative, isOutput] of files) {
      if (relative === null) continue;
      const absolute = resolveManifestPath(dir, relative);
      if (shown.has(absolute)) continue;
      shown.set(
        absolute,
        await cache.displayPath(absolute, {
          maxSize: GALLERY_THUMB_SIZE,
          ...(isOutput && item.dicom ? { dicom: item.dicom } : {}),
          ...(segments ? { segments } : {}),
        }),
      );
    }
  }
  const toShownUri: ToWebviewUri = (absolute) => {
    const display = shown.has(absolute) ? shown.get(absolute) : absolute;
    return display ? toUri(display) : null;
  };
  return manifest.items.map((item) => toItemView(item, dir, toShownUri));
}

/** Reads a predictions CSV; relative image paths are resolved against the CSV's folder. */
export async function loadPredictionRows(
  csvUri: vscode.Uri,
  toUri: ToWebviewUri,
): Promise<PredictionRowView[]> {
  const text = await fs.readFile(csvUri.fsPath, 'utf8');
  const dir = path.dirname(csvUri.fsPath);
  // DICOM and TIFF images are shown through thumbnails cached beside the CSV.
  const cache = ThumbnailCache.beside(csvUri.fsPath);
  const rows: PredictionRowView[] = [];
  for (const row of parsePredictionsCsv(text)) {
    const fsPath = path.resolve(dir, row.path);
    const shown = await cache.displayPath(fsPath, { maxSize: GALLERY_THUMB_SIZE });
    rows.push({ ...row, fsPath, imageUri: shown === null ? null : toUri(shown) });
  }
  return rows;
}

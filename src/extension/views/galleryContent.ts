/**
 * Builds what the gallery shows from files: a manifest's items or a predictions CSV's rows, with
 * every image turned into a webview URI when it lies inside the allowed roots.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { ManifestPaths, type ManifestPathError } from '../../core/jobs/manifestPaths';
import { readManifest } from '../../core/jobs/manifestStore';
import { isRegularFileInside, realPathAllowingMissing } from '../../core/util/confinedPath';
import type { Manifest, ManifestItem } from '../../shared/manifest';
import { mapLimited } from '../../shared/mapLimited';
import { parsePredictionsCsv } from '../../shared/predictions';
import type { GalleryItemView, PredictionRowView } from '../../shared/webviewProtocol';
import { confinedImagePaths, RefusalReport } from './confinedItemPaths';
import { toItemView } from './galleryModel';
import { GALLERY_THUMB_SIZE, ThumbnailCache } from './thumbnailCache';

/** Items whose paths are checked at once when the gallery maps a manifest. */
const ITEMS_IN_FLIGHT = 32;

/** Turns an absolute path into a webview URI string, or null when it may not be shown. */
export type ToWebviewUri = (absolutePath: string) => string | null;

/**
 * Reads a manifest and maps its items for the gallery. Every image path is confined first (real
 * location inside the run folder or the input folder recorded for it, a regular file); refusals
 * go to `warn`, and the image is not shown.
 */
export async function loadManifestItems(
  manifestUri: vscode.Uri,
  toUri: ToWebviewUri,
  warn: (message: string) => void,
): Promise<GalleryItemView[]> {
  // A job that has just started may not have written its manifest yet: show an empty run and
  // let the follower fill it in when the file appears.
  if (!existsSync(manifestUri.fsPath)) return [];
  const manifest = await readManifest(manifestUri.fsPath);
  return manifestItemViews(manifestUri, manifest, manifest.items, toUri, warn);
}

/**
 * The gallery's views of `items` of `manifest` (all of them, or the few a review decision
 * changed). Every image path is confined first; refusals go to `warn`.
 */
export async function manifestItemViews(
  manifestUri: vscode.Uri,
  manifest: Manifest,
  items: readonly ManifestItem[],
  toUri: ToWebviewUri,
  warn: (message: string) => void,
): Promise<GalleryItemView[]> {
  const paths = await ManifestPaths.open(manifestUri.fsPath, manifest.inputs);
  const report = new RefusalReport('gallery', warn);
  // DICOM, TIFF and 16-bit images are shown through host-rendered thumbnails (thumbnailCache.ts),
  // made only from paths that passed confinement.
  const cache = ThumbnailCache.beside(manifestUri.fsPath);
  const segments = manifest.recipe.mask.dicomSegments;
  const shown = new Map<string, string | null>();
  const toShownUri: ToWebviewUri = (absolute) => {
    const display = shown.has(absolute) ? shown.get(absolute) : absolute;
    return display ? toUri(display) : null;
  };
  // Items are confined ITEMS_IN_FLIGHT at a time: one by one, a 100,000-item run waited on
  // 400,000 file checks in turn (39 s on the 2-core benchmark machine). Refusals are collected
  // per item and reported afterwards in manifest order, whichever check finished first.
  const refusals: ManifestPathError[][] = items.map(() => []);
  const views = await mapLimited(items, ITEMS_IN_FLIGHT, async (item, index) => {
    const mine = refusals[index];
    const confined = await confinedImagePaths(paths, item, { add: (error) => mine.push(error) });
    const files: Array<[string | null, boolean]> = [
      [confined.source, false],
      [confined.mask, false],
      [confined.output, true],
    ];
    for (const [absolute, isOutput] of files) {
      if (absolute === null || shown.has(absolute)) continue;
      shown.set(
        absolute,
        await cache.displayPath(absolute, {
          maxSize: GALLERY_THUMB_SIZE,
          ...(isOutput && item.dicom ? { dicom: item.dicom } : {}),
          ...(segments ? { segments } : {}),
        }),
      );
    }
    return toItemView(item, confined, toShownUri);
  });
  for (const error of refusals.flat()) report.add(error);
  report.finish();
  return views;
}

/**
 * Reads a predictions CSV; relative image paths are resolved against the CSV's folder. A row's
 * image is shown only when it is a regular file whose real location lies inside `roots` (a link
 * out of them, or a pipe that would stall the webview's image request, is left blank).
 */
export async function loadPredictionRows(
  csvUri: vscode.Uri,
  toUri: ToWebviewUri,
  roots: readonly string[],
): Promise<PredictionRowView[]> {
  const text = await fs.readFile(csvUri.fsPath, 'utf8');
  const dir = path.dirname(csvUri.fsPath);
  const realRoots = await Promise.all(roots.map((root) => realPathAllowingMissing(root)));
  // DICOM and TIFF images are shown through thumbnails cached beside the CSV.
  const cache = ThumbnailCache.beside(csvUri.fsPath);
  const rows: PredictionRowView[] = [];
  for (const row of parsePredictionsCsv(text)) {
    const fsPath = path.resolve(dir, row.path);
    const allowed = await isRegularFileInside(fsPath, realRoots);
    const shown = allowed ? await cache.displayPath(fsPath, { maxSize: GALLERY_THUMB_SIZE }) : null;
    rows.push({ ...row, fsPath, imageUri: shown === null ? null : toUri(shown) });
  }
  return rows;
}

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
import { toItemView } from './galleryModel';

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
  return manifest.items.map((item) => toItemView(item, dir, toUri));
}

/** Reads a predictions CSV; relative image paths are resolved against the CSV's folder. */
export async function loadPredictionRows(
  csvUri: vscode.Uri,
  toUri: ToWebviewUri,
): Promise<PredictionRowView[]> {
  const text = await fs.readFile(csvUri.fsPath, 'utf8');
  const dir = path.dirname(csvUri.fsPath);
  return parsePredictionsCsv(text).map((row) => {
    const fsPath = path.resolve(dir, row.path);
    return { ...row, fsPath, imageUri: toUri(fsPath) };
  });
}

/**
 * Prepares "Inpaint to Target Domain" on a selection of images (from the predictions gallery:
 * "my model fails on these"). Nothing is copied: the selection is a `path,label` CSV (the CLI's
 * `--labels`) written to the extension's own storage, outside the workspace, and the run reads the
 * dataset folder itself, with only those images labelled. The CSV is kept there because the run's
 * manifest names it as its labels file.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { selectionLabels, selectionName } from './selectionLayout';

/** A staged selection: the dataset folder to run on and the labels CSV that selects the images. */
export interface StagedSelection {
  root: string;
  labelsCsv: string;
  /** `<dataset>-selection-<time>`: names the run's output. */
  name: string;
  count: number;
}

/** Writes the selection's labels CSV under `storageFolder`; undefined when nothing is selected. */
export async function stageSelection(
  images: readonly vscode.Uri[],
  storageFolder: string,
  logger: vscode.LogOutputChannel,
): Promise<StagedSelection | undefined> {
  const files = images.filter((uri) => uri.scheme === 'file').map((uri) => uri.fsPath);
  if (files.length === 0) return undefined;
  const selected = selectionLabels(files);
  const name = selectionName(selected.root, new Date());
  const folder = path.join(storageFolder, 'selections');
  await mkdir(folder, { recursive: true });
  const labelsCsv = path.join(folder, `${name}.csv`);
  await writeFile(labelsCsv, selected.csv, { flag: 'wx' });
  logger.info(`selection: ${selected.count} images of ${selected.root} listed in ${labelsCsv}`);
  return { root: selected.root, labelsCsv, name, count: selected.count };
}

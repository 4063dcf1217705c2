/**
 * "Inpaint to Target Domain" on a selection of images (from the predictions gallery: "my model
 * fails on these"). The CLI works on a source folder, so the selected images are copied into a
 * new folder in the class-folder layout (label = the image's parent folder name), beside the
 * folder they came from. The originals are only read. Each selection gets its own folder, so
 * nothing is ever overwritten.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { copyIntoWorkspace } from '../workspace/workspaceWriter';

/** The deepest folder containing every path in `folders`. */
export function commonFolder(folders: readonly string[]): string {
  const split = folders.map((folder) => path.resolve(folder).split(path.sep));
  const first = split[0] ?? [];
  let length = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < length && parts[i] === first[i]) i += 1;
    length = i;
  }
  return first.slice(0, length).join(path.sep) || path.sep;
}

/** A timestamp usable in a folder name, e.g. 20260126-141503. */
function stamp(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  );
}

/** Copies `images` into a new class-folder layout; returns that folder (undefined when empty). */
export async function stageSelection(
  images: readonly vscode.Uri[],
  logger: vscode.LogOutputChannel,
): Promise<vscode.Uri | undefined> {
  const files = images.filter((uri) => uri.scheme === 'file');
  if (files.length === 0) return undefined;
  // Class folders are the images' parents; the dataset root is what those have in common.
  const root = commonFolder(files.map((uri) => path.dirname(path.dirname(uri.fsPath))));
  const staging = vscode.Uri.file(path.join(root, `maskmedpaint-selection-${stamp(new Date())}`));
  for (const image of files) {
    const label = path.basename(path.dirname(image.fsPath));
    await copyIntoWorkspace(
      image,
      vscode.Uri.joinPath(staging, label, path.basename(image.fsPath)),
    );
  }
  logger.info(`selection: copied ${files.length} images into ${staging.fsPath}`);
  return staging;
}

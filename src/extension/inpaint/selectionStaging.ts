/**
 * "Inpaint to Target Domain" on a selection of images (from the predictions gallery: "my model
 * fails on these"). The CLI works on a source folder, so the selected images are copied into a
 * new folder in the class-folder layout (label = the image's parent folder name), beside the
 * dataset folder they came from (see selectionFolder). The originals are only read. Each selection gets its own folder, so
 * nothing is ever overwritten.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { copyIntoWorkspace } from '../workspace/workspaceWriter';
import { commonFolder, selectionFolder } from './selectionLayout';

/** Copies `images` into a new class-folder layout; returns that folder (undefined when empty). */
export async function stageSelection(
  images: readonly vscode.Uri[],
  logger: vscode.LogOutputChannel,
): Promise<vscode.Uri | undefined> {
  const files = images.filter((uri) => uri.scheme === 'file');
  if (files.length === 0) return undefined;
  // Class folders are the images' parents; the dataset root is what those have in common.
  const root = commonFolder(files.map((uri) => path.dirname(path.dirname(uri.fsPath))));
  const workspaceRoots = (vscode.workspace.workspaceFolders ?? []).map(
    (folder) => folder.uri.fsPath,
  );
  const staging = vscode.Uri.file(selectionFolder(root, workspaceRoots, new Date()));
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

/**
 * Finds the manifest a command should act on: the one given, the only one in the workspace, or
 * the user's pick among several (newest first).
 */
import * as vscode from 'vscode';
import { MANIFEST_FILE_NAME } from '../../shared/manifest';

const EXCLUDE = '**/{node_modules,.git,.venv,venv,__pycache__}/**';

/** Manifests in the workspace folders, newest first (at most `limit`). */
export async function findManifests(limit = 200): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles(`**/${MANIFEST_FILE_NAME}`, EXCLUDE, limit);
  const withTimes = await Promise.all(
    found.map(async (uri) => ({ uri, mtime: (await vscode.workspace.fs.stat(uri)).mtime })),
  );
  return withTimes.sort((a, b) => b.mtime - a.mtime).map((entry) => entry.uri);
}

/**
 * `given` when it is a Uri; otherwise the workspace's manifest (asking when there are several).
 * Undefined when there is none (the user is told) or the pick was dismissed.
 */
export async function resolveManifest(
  given: unknown,
  purpose: string,
): Promise<vscode.Uri | undefined> {
  if (given instanceof vscode.Uri) {
    return given.path.endsWith(`/${MANIFEST_FILE_NAME}`)
      ? given
      : vscode.Uri.joinPath(given, MANIFEST_FILE_NAME);
  }
  const manifests = await findManifests();
  if (manifests.length === 0) {
    void vscode.window.showInformationMessage(
      `No ${MANIFEST_FILE_NAME} in this workspace yet. Run "MaskMedPaint: Inpaint to Target Domain" first.`,
    );
    return undefined;
  }
  if (manifests.length === 1) return manifests[0];
  const chosen = await vscode.window.showQuickPick(
    manifests.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title: purpose, placeHolder: 'Which augmentation run?' },
  );
  return chosen?.uri;
}

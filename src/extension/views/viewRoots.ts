/**
 * Which folders the views may show and which paths incoming webview/renderer messages may name:
 * the workspace folders, the host's extra roots, and the folders the user opened (output folder
 * of a manifest, folder of a predictions file or results folder).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isInsideRoots, isSameOrDescendant } from '../security/pathGuard';
import type { ViewDeps } from './types';

/** Allowed roots for a view showing `shown` folders. */
export function allowedRoots(deps: ViewDeps, shown: readonly vscode.Uri[]): vscode.Uri[] {
  const workspace = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri);
  return [...workspace, ...(deps.extraRoots?.() ?? []), ...shown].filter(
    (uri) => uri.scheme === 'file',
  );
}

/**
 * True when an absolute path from a message lies inside the roots (symbolic links resolved);
 * logs a refusal with the reason otherwise.
 */
export async function confineMessagePath(
  deps: ViewDeps,
  fsPath: string,
  roots: readonly vscode.Uri[],
  context: string,
): Promise<boolean> {
  if (await isInsideRoots(vscode.Uri.file(fsPath), roots)) return true;
  deps.logger.warn(`${context}: refused path outside the workspace and output roots: ${fsPath}`);
  return false;
}

/**
 * A lexical check of a path against the view's roots, for paths already confined by real
 * location (manifest items through ManifestPaths, predictions rows through isRegularFileInside):
 * it decides which of them a webview may load. VS Code enforces localResourceRoots on top.
 */
export function lexicallyInside(fsPath: string, roots: readonly vscode.Uri[]): boolean {
  const resolved = path.resolve(fsPath);
  return roots.some((root) => isSameOrDescendant(resolved, path.resolve(root.fsPath)));
}

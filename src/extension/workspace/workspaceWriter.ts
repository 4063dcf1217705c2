/**
 * The one module that writes files into the user's workspace (docs/architecture.md, conventions):
 * through `vscode.workspace.fs` (so remote and virtual workspaces work), JSON in a deterministic
 * form, never over an existing file without asking, and never through a symbolic link.
 */
import * as vscode from 'vscode';
import { stableStringify } from '../../core/util/stableJson';

/**
 * What to do when the file exists: 'ask' shows a modal question (the default for users);
 * 'never' keeps the existing file; 'always' replaces it (only for callers that already asked,
 * such as tests passing an explicit choice).
 */
export type OverwritePolicy = 'ask' | 'never' | 'always';

/** Outcome of a write. */
export type WriteOutcome = 'created' | 'overwritten' | 'kept';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    // Writing through a link changes the file it leads to while every message names this one.
    if ((stat.type & vscode.FileType.SymbolicLink) !== 0) {
      throw new Error(`${uri.fsPath} is a symbolic link; not writing through it`);
    }
    return true;
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return false;
    throw error;
  }
}

async function mayOverwrite(uri: vscode.Uri, policy: OverwritePolicy): Promise<boolean> {
  if (policy === 'always') return true;
  if (policy === 'never') return false;
  const overwrite = 'Overwrite';
  const answer = await vscode.window.showWarningMessage(
    `${vscode.workspace.asRelativePath(uri)} already exists. Overwrite it?`,
    { modal: true },
    overwrite,
  );
  return answer === overwrite;
}

/** Writes text to `uri` (creating folders) unless it exists and the policy says keep it. */
export async function writeWorkspaceText(
  uri: vscode.Uri,
  text: string,
  policy: OverwritePolicy = 'ask',
): Promise<WriteOutcome> {
  const existed = await exists(uri);
  if (existed && !(await mayOverwrite(uri, policy))) return 'kept';
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return existed ? 'overwritten' : 'created';
}

/** Writes `value` as deterministic JSON (sorted keys, 2-space indent, trailing newline). */
export function writeWorkspaceJson(
  uri: vscode.Uri,
  value: unknown,
  policy: OverwritePolicy = 'ask',
): Promise<WriteOutcome> {
  return writeWorkspaceText(uri, stableStringify(value), policy);
}

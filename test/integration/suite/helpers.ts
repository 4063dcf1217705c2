/** Shared helpers of the integration tests (run inside the extension host). */
import * as vscode from 'vscode';

/** `publisher.name` from package.json. */
export const EXTENSION_ID = 'maskmedpaint.maskmedpaint';

/** The fixture workspace folder (the runner opens exactly one). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration suite needs a workspace folder');
  return folder.uri;
}

/** Every file below the workspace root as sorted relative paths with sizes. */
export async function listWorkspaceFiles(): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: vscode.Uri, prefix: string): Promise<void> => {
    for (const [name, type] of await vscode.workspace.fs.readDirectory(dir)) {
      const child = vscode.Uri.joinPath(dir, name);
      if (type === vscode.FileType.Directory) await walk(child, `${prefix}${name}/`);
      else found.push(`${prefix}${name} ${(await vscode.workspace.fs.stat(child)).size}`);
    }
  };
  await walk(workspaceRoot(), '');
  return found.sort();
}

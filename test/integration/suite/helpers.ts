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

/** A path below the workspace root. */
export function inWorkspace(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
}

/** SHA-256 (hex) of every file below `folder`, keyed by relative path. */
export async function hashTree(folder: vscode.Uri): Promise<Record<string, string>> {
  const { createHash } = await import('node:crypto');
  const hashes: Record<string, string> = {};
  const walk = async (dir: vscode.Uri, prefix: string): Promise<void> => {
    for (const [name, type] of await vscode.workspace.fs.readDirectory(dir)) {
      const child = vscode.Uri.joinPath(dir, name);
      if (type === vscode.FileType.Directory) await walk(child, `${prefix}${name}/`);
      else
        hashes[`${prefix}${name}`] = createHash('sha256')
          .update(await vscode.workspace.fs.readFile(child))
          .digest('hex');
    }
  };
  await walk(folder, '');
  return hashes;
}

/** Parsed JSON of a file. */
export async function readJson<T>(uri: vscode.Uri): Promise<T> {
  return JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as T;
}

/** The manifest written by the inpaint tests. */
export function fixtureManifest(): vscode.Uri {
  return inWorkspace('data', 'source-maskmedpaint', 'maskmedpaint.json');
}

/**
 * Resolves with the manifest once `predicate` holds, re-reading it whenever a file system
 * watcher reports a change (the writer renames a temp file over it). Rejects after `limitMs`
 * so a broken feature fails the test instead of hanging the run.
 */
export function waitForManifest<T>(
  uri: vscode.Uri,
  predicate: (manifest: T) => boolean,
  limitMs = 30_000,
): Promise<T> {
  const folder = vscode.Uri.joinPath(uri, '..');
  const watcher = vscode.workspace.createFileSystemWatcher(
    new vscode.RelativePattern(folder, uri.path.split('/').pop() ?? ''),
  );
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, value?: T): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      watcher.dispose();
      if (error) reject(error);
      else resolve(value as T);
    };
    const check = (): void => {
      readJson<T>(uri).then(
        (manifest) => {
          if (predicate(manifest)) finish(undefined, manifest);
        },
        () => undefined, // mid-rename or not written yet: the next event re-checks
      );
    };
    const timer = setTimeout(
      () => finish(new Error(`manifest condition not met within ${limitMs} ms`)),
      limitMs,
    );
    watcher.onDidChange(check);
    watcher.onDidCreate(check);
    check();
  });
}

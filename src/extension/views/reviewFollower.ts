/**
 * Keeps the review panel in step with its run folder on disk: a re-run (the panel's own brush, the
 * CLI, another window) or a decision made elsewhere rewrites the manifest or appends to the
 * decisions journal; the panel then re-reads the item it shows and, when that item changed, shows
 * the new image, status and any decision the change reset. Debounced like the gallery's follower
 * (the writers rename files in bursts).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DECISIONS_FILE_NAME } from '../../shared/manifest';
import { MANIFEST_RELOAD_DEBOUNCE_MS } from './manifestFollower';

/** Watches one run folder's manifest and decisions journal; calls `onChange` after a burst. */
export class RunFolderWatcher implements vscode.Disposable {
  private readonly watcher: vscode.FileSystemWatcher;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly manifestUri: vscode.Uri,
    private readonly onChange: () => void,
  ) {
    const pattern = new vscode.RelativePattern(
      vscode.Uri.file(path.dirname(manifestUri.fsPath)),
      `{${path.basename(manifestUri.fsPath)},${DECISIONS_FILE_NAME}}`,
    );
    this.watcher = vscode.workspace.createFileSystemWatcher(pattern);
    this.watcher.onDidChange(() => this.schedule());
    this.watcher.onDidCreate(() => this.schedule());
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.watcher.dispose();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onChange(), MANIFEST_RELOAD_DEBOUNCE_MS);
  }
}

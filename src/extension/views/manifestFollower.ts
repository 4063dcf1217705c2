/**
 * Follows a manifest (and its review decisions journal) on disk while a job rewrites it or a
 * reviewer decides: a file system watcher, debounced (the runner rewrites the manifest after
 * every item), reloads one at a time, and sends only the items that changed. When items disappear (a new run replaced the manifest) it sends the full
 * state instead.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DECISIONS_FILE_NAME } from '../../shared/manifest';
import type { GalleryItemView, ToGalleryMessage } from '../../shared/webviewProtocol';
import { ShownItemViews } from './shownItemViews';

/** Quiet time after the last change before reloading (the runner writes in bursts). */
export const MANIFEST_RELOAD_DEBOUNCE_MS = 300;

/** Watches one manifest and posts incremental gallery updates. */
export class ManifestFollower implements vscode.Disposable {
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly shown = new ShownItemViews();
  private timer: NodeJS.Timeout | undefined;
  private loading = false;
  private reloadAgain = false;
  private disposed = false;

  constructor(
    private readonly manifestUri: vscode.Uri,
    private readonly load: (uri: vscode.Uri) => Promise<GalleryItemView[]>,
    private readonly post: (message: ToGalleryMessage) => void,
    private readonly logger: vscode.LogOutputChannel,
  ) {
    // Review decisions land in the journal beside the manifest before any manifest write.
    const pattern = new vscode.RelativePattern(
      vscode.Uri.file(path.dirname(manifestUri.fsPath)),
      `{${path.basename(manifestUri.fsPath)},${DECISIONS_FILE_NAME}}`,
    );
    this.watcher = vscode.workspace.createFileSystemWatcher(pattern);
    this.watcher.onDidChange(() => this.schedule());
    this.watcher.onDidCreate(() => this.schedule());
  }

  /** Records what the webview now shows (after a full state was sent). */
  reset(items: readonly GalleryItemView[]): void {
    this.shown.reset(items);
  }

  /**
   * Sends what changed since the last reload (the loader has new views: late image paths). A
   * reload already waiting is not pushed back, so chunks arriving faster than the debounce still
   * reach the webview as they come.
   */
  refresh(): void {
    if (this.timer === undefined) this.schedule();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.watcher.dispose();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload();
    }, MANIFEST_RELOAD_DEBOUNCE_MS);
  }

  private async reload(): Promise<void> {
    if (this.disposed) return;
    if (this.loading) {
      this.reloadAgain = true;
      return;
    }
    this.loading = true;
    try {
      const items = await this.load(this.manifestUri);
      if (this.disposed) return;
      const diff = this.shown.update(items);
      if (diff.removed) {
        this.shown.reset(items);
        this.logger.info('gallery: items left the manifest; redrawing the gallery');
        this.post({
          type: 'state',
          state: {
            kind: 'manifest',
            readOnly: !vscode.workspace.isTrusted,
            title: manifestTitle(this.manifestUri),
            items,
          },
        });
      } else if (diff.changed.length > 0) {
        this.post({ type: 'itemsPatched', items: diff.changed });
      }
    } catch (error) {
      // A manifest caught mid-rename or invalid for a moment: keep the last good view.
      this.logger.warn(
        `gallery: could not reload ${this.manifestUri.fsPath}: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      this.loading = false;
      if (this.reloadAgain && !this.disposed) {
        this.reloadAgain = false;
        this.schedule();
      }
    }
  }
}

/** `<output folder>/maskmedpaint.json`, the title the gallery shows. */
export function manifestTitle(uri: vscode.Uri): string {
  return `${path.basename(path.dirname(uri.fsPath))}/${path.basename(uri.fsPath)}`;
}

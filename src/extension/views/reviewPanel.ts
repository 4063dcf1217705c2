/**
 * The review panel (one WebviewPanel, reused): shows one manifest item at a time with before /
 * after, mask overlay and decisions (recorded by reviewRecorder.ts in the decisions journal). An edited
 * key-region mask is written to <output>/edited-masks/<id>.png and handed to the host
 * to re-run that item; the panel follows its run folder on disk (reviewFollower.ts), so the new
 * image, its status and a decision the re-run reset appear when the re-run is done, and the status
 * line says so. Read-only when the workspace is untrusted.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ManifestCache } from '../../core/jobs/manifestCache';
import type { Manifest, ManifestItem } from '../../shared/manifest';
import {
  assertNever,
  parsePanelMessage,
  type FromPanelMessage,
  type ReviewShortcut,
  type ToPanelMessage,
} from '../../shared/webviewProtocol';
import type { WindowPresetId } from '../../shared/windowPresets';
import { toItemView } from './galleryModel';
import { reviewImages } from './reviewDicom';
import { decodePngDataUrl, saveEditedMask } from './editedMask';
import { manifestTitle } from './manifestFollower';
import { VIEW_IDS, type ViewDeps } from './types';
import { ReviewRecorder } from './reviewRecorder';
import { allowedRoots, lexicallyInside } from './viewRoots';
import { buildWebviewHtml, webviewOptions } from './webviewHtml';
import { ManifestPaths } from '../../core/jobs/manifestPaths';
import { confinedImagePaths, RefusalReport } from './confinedItemPaths';
import { changeMessage, reviewFingerprint } from './reviewChange';
import { RunFolderWatcher } from './reviewFollower';

/** Opens and drives the review panel. */
export class ReviewPanelController implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private manifestUri: vscode.Uri | undefined;
  private itemId: string | undefined;
  /** Window preset of DICOM images; kept while moving between items. */
  private window: WindowPresetId = 'default';
  /** The item as last sent to the webview: a decision is about this image (its hash). */
  private shown: ManifestItem | undefined;
  private readonly recorder: ReviewRecorder;
  /**
   * The shown manifest: a decision re-reads only the journal's new lines, so a click costs the
   * same at 100 items as at 100,000 (core/jobs/manifestCache.ts).
   */
  private readonly manifests = new ManifestCache();
  /** Follows the shown run folder on disk (re-runs, decisions made elsewhere). */
  private watcher: RunFolderWatcher | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: ViewDeps,
  ) {
    // After a compaction the cache reads the rewritten manifest, still within the reviewer's pause.
    this.recorder = new ReviewRecorder(deps.logger, (manifestPath) =>
      this.manifests.read(manifestPath),
    );
  }

  /** Opens the panel at `itemId` (or the first pending item) of the manifest. */
  async open(manifestUri: vscode.Uri, itemId?: string): Promise<void> {
    const { manifest } = await this.manifests.read(manifestUri.fsPath);
    if (manifest.items.length === 0)
      throw new Error(`${manifestUri.fsPath} has no items to review`);
    const item =
      itemId === undefined
        ? (manifest.items.find((candidate) => candidate.status === 'pending') ?? manifest.items[0])
        : manifest.items.find((candidate) => candidate.id === itemId);
    if (!item) throw new Error(`no item "${itemId ?? ''}" in ${manifestUri.fsPath}`);
    const sameManifest = this.manifestUri?.fsPath === manifestUri.fsPath;
    this.manifestUri = manifestUri;
    this.itemId = item.id;
    if (!sameManifest || !this.watcher) {
      this.watcher?.dispose();
      this.watcher = new RunFolderWatcher(manifestUri, () => void this.followDisk());
    }
    if (!this.panel) {
      // createWebviewPanel shows the new panel; revealing it again at once is redundant, and was
      // reported (VS Code 1.116) to leave a new panel blank until it is covered and shown again.
      this.createPanel();
      return;
    }
    if (!sameManifest) this.configure();
    else await this.sendState(manifest);
    this.panel.reveal();
  }

  /** Forwards a review keybinding to the panel's webview. */
  shortcut(action: ReviewShortcut): void {
    this.post({ type: 'shortcut', action });
  }

  /** Re-sends the state (trust changed: the panel becomes editable or read-only). */
  async refresh(): Promise<void> {
    if (this.panel) await this.sendState();
  }

  dispose(): void {
    this.recorder.dispose();
    this.watcher?.dispose();
    this.panel?.dispose();
  }

  /** Redraws when the item shown changed on disk, and says what changed. */
  private async followDisk(): Promise<void> {
    const shown = this.shown;
    const manifestUri = this.manifestUri;
    if (!this.panel || !shown || !manifestUri) return;
    try {
      const { manifest } = await this.manifests.read(manifestUri.fsPath);
      const now = manifest.items.find((item) => item.id === shown.id);
      if (!now || reviewFingerprint(now) === reviewFingerprint(shown)) return;
      await this.sendState(manifest);
      this.post({ type: 'saved', itemId: now.id, message: changeMessage(shown, now) });
    } catch (error) {
      // Caught mid-rename: the next change event reads it again.
      this.deps.logger.warn(
        `review: could not reload ${manifestUri.fsPath}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private createPanel(): void {
    const panel = vscode.window.createWebviewPanel(
      VIEW_IDS.reviewPanel,
      'MaskMedPaint Review',
      vscode.ViewColumn.Active,
      {
        retainContextWhenHidden: false,
      },
    );
    this.panel = panel;
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.watcher?.dispose();
      this.watcher = undefined;
    });
    panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw));
    this.configure();
  }

  private roots(): vscode.Uri[] {
    return this.manifestUri
      ? allowedRoots(this.deps, [vscode.Uri.file(path.dirname(this.manifestUri.fsPath))])
      : [];
  }

  private configure(): void {
    if (!this.panel) return;
    this.panel.webview.options = webviewOptions(this.extensionUri, this.roots());
    this.panel.webview.html = buildWebviewHtml(
      this.panel.webview,
      this.extensionUri,
      'panel',
      'MaskMedPaint Review',
    );
  }

  private post(message: ToPanelMessage): void {
    void this.panel?.webview.postMessage(message);
  }

  private async sendState(known?: Manifest, step = 0): Promise<void> {
    const manifestUri = this.manifestUri;
    const webview = this.panel?.webview;
    if (!manifestUri || !webview) return;
    const manifest = known ?? (await this.manifests.read(manifestUri.fsPath)).manifest;
    let index = Math.max(
      0,
      manifest.items.findIndex((item) => item.id === this.itemId),
    );
    index = Math.min(manifest.items.length - 1, Math.max(0, index + step));
    const item = manifest.items[index];
    this.itemId = item.id;
    this.shown = item;
    const roots = this.roots();
    // Confined on every read: the manifest or the run folder may have changed since the last one.
    const paths = await ManifestPaths.open(manifestUri.fsPath, manifest.inputs);
    const report = new RefusalReport('review panel', (m) => this.deps.logger.warn(m));
    const imagePaths = await confinedImagePaths(paths, item, report);
    // DICOM, TIFF and 16-bit images are shown through host renderings (reviewDicom.ts).
    const images = await reviewImages(manifest, manifestUri.fsPath, item, this.window, imagePaths);
    const toUri = (p: string): string | null => {
      const display = images.shown.has(p) ? images.shown.get(p) : p;
      return display && lexicallyInside(display, roots)
        ? webview.asWebviewUri(vscode.Uri.file(display)).toString()
        : null;
    };
    this.post({
      type: 'state',
      state: {
        item: toItemView(item, imagePaths, toUri),
        index,
        total: manifest.items.length,
        readOnly: !this.deps.isTrusted(),
        title: manifestTitle(manifestUri),
        ...(images.dicom ? { dicom: images.dicom } : {}),
      },
    });
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parsePanelMessage(raw);
    if (!parsed.ok) {
      this.deps.logger.warn(`review panel: refused message (${parsed.reason})`);
      return;
    }
    try {
      await this.handle(parsed.message);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.deps.logger.error(`review panel: ${text}`);
      this.post({ type: 'error', message: text });
    }
  }

  private async handle(message: FromPanelMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.sendState();
        return;
      case 'navigate':
        await this.sendState(undefined, message.direction === 'next' ? 1 : -1);
        return;
      case 'setWindow':
        this.window = message.preset;
        this.deps.logger.info(`review: window preset ${message.preset}`);
        await this.sendState();
        return;
      case 'decide': {
        const manifestUri = this.requireEditable(message.itemId, 'decide');
        const shown = this.shown;
        if (!shown || shown.id !== message.itemId)
          throw new Error(`decide refused: item "${message.itemId}" is not the item shown`);
        const decision = await this.recorder.record(
          manifestUri,
          shown,
          message.decision,
          message.note,
        );
        const { manifest } = await this.manifests.read(manifestUri.fsPath);
        const now = manifest.items.find((item) => item.id === message.itemId);
        if (now && now.sha256 !== decision.sha256) {
          // Regenerated while the reviewer looked at the old image: the decision stays recorded
          // but does not cover the new image, which must be looked at again.
          const text = `${message.itemId} was regenerated while you reviewed it; your decision (${message.decision}) was not applied to the new image, which is pending: review it again`;
          this.deps.logger.warn(`review: ${text}`);
          this.post({ type: 'error', message: text });
          await this.sendState(manifest);
          return;
        }
        this.post({
          type: 'saved',
          itemId: message.itemId,
          message: `${message.decision}: ${message.itemId}`,
        });
        await this.sendState(manifest, 1);
        return;
      }
      case 'saveMask': {
        const manifestUri = this.requireEditable(message.itemId, 'saveMask');
        const target = await saveEditedMask(
          manifestUri.fsPath,
          message.itemId,
          decodePngDataUrl(message.pngDataUrl),
        );
        this.deps.logger.info(`review: edited mask of ${message.itemId} written to ${target}`);
        this.post({
          type: 'saved',
          itemId: message.itemId,
          message: `Edited mask saved; re-running ${message.itemId}`,
        });
        const before = this.shown;
        await this.deps.rerunItem(manifestUri, message.itemId, target);
        // Done: show the new image now rather than waiting for the file watcher.
        const { manifest } = await this.manifests.read(manifestUri.fsPath);
        const after = manifest.items.find((item) => item.id === message.itemId);
        if (this.itemId === message.itemId) await this.sendState(manifest);
        this.post({
          type: 'saved',
          itemId: message.itemId,
          message:
            before && after
              ? `Re-run done. ${changeMessage(before, after)}`
              : `Re-run of ${message.itemId} done.`,
        });
        return;
      }
      default:
        assertNever(message);
    }
  }

  /** Decisions and edits need trust and must concern the item on screen. */
  private requireEditable(itemId: string, action: string): vscode.Uri {
    if (!this.deps.isTrusted())
      throw new Error(`${action} refused: the workspace is not trusted (review is read-only)`);
    if (!this.manifestUri || itemId !== this.itemId) {
      throw new Error(`${action} refused: item "${itemId}" is not the item shown`);
    }
    return this.manifestUri;
  }
}

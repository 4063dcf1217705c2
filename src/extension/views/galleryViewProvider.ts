/**
 * The sidebar gallery (a WebviewView). Shows one manifest (following it while a job rewrites it)
 * or one predictions CSV, with a way back from the predictions to the run shown before. Showing
 * the run already shown does not reload the page, so its scroll position and selection stay.
 * Every message from the webview is validated before it is acted on.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  assertNever,
  parseGalleryMessage,
  type FromGalleryMessage,
  type GalleryState,
  type ToGalleryMessage,
} from '../../shared/webviewProtocol';
import { CachedGalleryItems } from './cachedGalleryItems';
import { loadPredictionRows, type ToWebviewUri } from './galleryContent';
import { ManifestFollower, manifestTitle } from './manifestFollower';
import { VIEW_IDS, type GalleryOptions, type ViewDeps, type ViewsApi } from './types';
import { allowedRoots, confineMessagePath, lexicallyInside } from './viewRoots';
import { buildWebviewHtml, webviewOptions } from './webviewHtml';

type GallerySource =
  { kind: 'manifest'; uri: vscode.Uri } | { kind: 'predictions'; uri: vscode.Uri };

/** Provides the gallery webview view and the `showGallery` / `openPredictions` entry points. */
export class GalleryViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private source: GallerySource | undefined;
  private follower: ManifestFollower | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Rows' paths of the predictions shown; inpaint requests may name only these. */
  private shownPredictionPaths = new Set<string>();
  /** The run shown before a predictions file (its "Back to" button). */
  private previousManifest: vscode.Uri | undefined;
  /** A job is writing the manifest shown. */
  private running = false;
  /** The shown manifest's item views, refreshed item by item after review decisions. */
  // A large run's images arrive after its first screen (cachedGalleryItems.ts): the follower
  // sends them to the webview as patches.
  private readonly manifestItems = new CachedGalleryItems(() => this.follower?.refresh());

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: ViewDeps,
    private readonly openReview: ViewsApi['openReview'],
  ) {}

  /** Called by VS Code when the view becomes visible for the first time. */
  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.configureWebview();
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      view.onDidDispose(() => {
        this.view = undefined;
      }),
    );
  }

  /**
   * Shows a manifest and follows it while it changes on disk. The run already shown stays as it
   * is (scroll position, selection); `options` mark a job running and filter to the failures.
   */
  async showManifest(manifestUri: vscode.Uri, options: GalleryOptions = {}): Promise<void> {
    if (options.running !== undefined) this.running = options.running;
    const shown =
      this.source?.kind === 'manifest' &&
      this.source.uri.fsPath === manifestUri.fsPath &&
      this.follower !== undefined;
    if (shown) {
      if (options.running !== undefined) this.post({ type: 'running', running: this.running });
    } else {
      if (options.running === undefined) this.running = false;
      this.setSource({ kind: 'manifest', uri: manifestUri });
      this.follower = new ManifestFollower(
        manifestUri,
        (uri) => this.loadItems(uri),
        (message) => this.post(message),
        this.deps.logger,
      );
    }
    await this.reveal();
    if (options.failuresOnly) this.pendingFailures = true;
    this.flushFailures();
  }

  /** Shows a predictions CSV in the gallery (model debugging). */
  async showPredictions(csvUri: vscode.Uri): Promise<void> {
    if (this.source?.kind === 'manifest') this.previousManifest = this.source.uri;
    this.setSource({ kind: 'predictions', uri: csvUri });
    await this.reveal();
  }

  /** "Show Failures" waits for the page's state when the page is (re)loading. */
  private pendingFailures = false;
  private ready = false;

  private flushFailures(): void {
    if (!this.pendingFailures || !this.ready) return;
    this.pendingFailures = false;
    this.post({ type: 'showFailures' });
  }

  /** Tells the webview that trust changed (read-only when untrusted). */
  trustChanged(): void {
    this.post({ type: 'readOnly', readOnly: !this.deps.isTrusted() });
  }

  dispose(): void {
    this.follower?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private setSource(source: GallerySource): void {
    this.follower?.dispose();
    this.follower = undefined;
    this.manifestItems.clear();
    this.source = source;
    if (this.view) this.configureWebview();
  }

  private async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${VIEW_IDS.gallery}.focus`);
    // A view already resolved reloads its HTML in configureWebview and asks for state with `ready`.
  }

  private shownFolders(): vscode.Uri[] {
    return this.source ? [vscode.Uri.file(path.dirname(this.source.uri.fsPath))] : [];
  }

  private configureWebview(): void {
    if (!this.view) return;
    this.ready = false;
    // Views hold webview URIs of this webview.
    this.manifestItems.clear();
    const webview = this.view.webview;
    webview.options = webviewOptions(
      this.extensionUri,
      allowedRoots(this.deps, this.shownFolders()),
    );
    webview.html = buildWebviewHtml(webview, this.extensionUri, 'gallery', 'MaskMedPaint Gallery');
  }

  private toUri(): ToWebviewUri {
    const roots = allowedRoots(this.deps, this.shownFolders());
    const webview = this.view?.webview;
    return (absolutePath) =>
      webview && lexicallyInside(absolutePath, roots)
        ? webview.asWebviewUri(vscode.Uri.file(absolutePath)).toString()
        : null;
  }

  private loadItems(uri: vscode.Uri) {
    return this.manifestItems.load(uri, this.toUri(), (message) => this.deps.logger.warn(message));
  }

  private async buildState(): Promise<GalleryState> {
    const readOnly = !this.deps.isTrusted();
    const source = this.source;
    if (!source) return { kind: 'empty', readOnly };
    const title = manifestTitle(source.uri);
    if (source.kind === 'manifest') {
      const items = await this.loadItems(source.uri);
      this.follower?.reset(items);
      return { kind: 'manifest', readOnly, title, items, running: this.running };
    }
    const roots = allowedRoots(this.deps, this.shownFolders()).map((uri) => uri.fsPath);
    const rows = await loadPredictionRows(source.uri, this.toUri(), roots);
    this.shownPredictionPaths = new Set(rows.map((row) => row.fsPath));
    const back = this.previousManifest;
    return {
      kind: 'predictions',
      readOnly,
      title,
      rows,
      ...(back ? { backTo: manifestTitle(back) } : {}),
    };
  }

  private post(message: ToGalleryMessage): void {
    void this.view?.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseGalleryMessage(raw);
    if (!parsed.ok) {
      this.deps.logger.warn(`gallery: refused message (${parsed.reason})`);
      return;
    }
    try {
      await this.handle(parsed.message);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.deps.logger.error(`gallery: ${text}`);
      void vscode.window.showErrorMessage(`MaskMedPaint gallery: ${text}`);
    }
  }

  private async handle(message: FromGalleryMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post({ type: 'state', state: await this.buildState() });
        this.ready = true;
        this.flushFailures();
        return;
      case 'showRun':
        if (!this.previousManifest) {
          this.deps.logger.warn('gallery: showRun refused, no run was shown before');
          return;
        }
        await this.showManifest(this.previousManifest);
        return;
      case 'openReview':
        if (this.source?.kind !== 'manifest') {
          this.deps.logger.warn('gallery: openReview refused, no manifest is shown');
          return;
        }
        await this.openReview(this.source.uri, message.itemId);
        return;
      case 'inpaintSelection':
        await this.inpaintSelection(message.paths);
        return;
      default:
        assertNever(message);
    }
  }

  private async inpaintSelection(paths: readonly string[]): Promise<void> {
    if (!this.deps.isTrusted()) {
      this.deps.logger.warn('gallery: inpaint refused in an untrusted workspace');
      return;
    }
    const roots = allowedRoots(this.deps, this.shownFolders());
    const uris: vscode.Uri[] = [];
    for (const p of paths) {
      if (!(await confineMessagePath(this.deps, p, roots, 'gallery'))) return;
      if (!this.shownPredictionPaths.has(path.resolve(p))) {
        this.deps.logger.warn(`gallery: refused path that is not a shown prediction row: ${p}`);
        return;
      }
      uris.push(vscode.Uri.file(p));
    }
    await this.deps.startInpaint(uris);
  }
}

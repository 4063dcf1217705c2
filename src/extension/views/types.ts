/**
 * Public contract of the views layer (gallery, review panel, notebook renderer messaging,
 * results view). The host side (commands, activate()) calls `registerViews` once and then uses
 * the returned `ViewsApi`; everything the views need from the rest of the extension comes in
 * through `ViewDeps`, so the views never reach into commands or job running directly.
 */
import type * as vscode from 'vscode';

/** What the views need from the rest of the extension. */
export interface ViewDeps {
  /** Shared output channel; every refused webview message and every view error is logged here. */
  logger: vscode.LogOutputChannel;
  /** Workspace trust right now; views are read-only (and the renderer text-only) when false. */
  isTrusted(): boolean;
  /**
   * Starts "Inpaint to Target Domain" for the given source images (model debugging: the user
   * selected misclassified images in a predictions view). Owned by the host engineer.
   */
  startInpaint(sourceUris: vscode.Uri[]): Promise<void> | void;
  /**
   * Re-runs one manifest item with an edited key-region mask (brush tool). `editedMaskPath` is an
   * absolute file system path of a PNG the views wrote to `<output>/edited-masks/<id>.png`.
   */
  rerunItem(manifestUri: vscode.Uri, itemId: string, editedMaskPath: string): Promise<void> | void;
  /**
   * Extra folders that webview messages may reference besides the workspace folders (for
   * example output roots outside the workspace). Optional; the folder of every manifest,
   * predictions file or results folder that is opened is allowed automatically.
   */
  extraRoots?(): vscode.Uri[];
}

/** How the gallery shows a run. */
export interface GalleryOptions {
  /** A job is writing the run (the gallery fills in live and says so); false when it ended. */
  running?: boolean;
  /** Show only the failed items (the end-of-run notification's "Show Failures"). */
  failuresOnly?: boolean;
}

/** Entry points the host calls (from commands, notebooks, the job runner). */
export interface ViewsApi {
  /**
   * Reveals the sidebar gallery showing this manifest (`maskmedpaint.json`); the run already shown
   * keeps its scroll position and selection.
   */
  showGallery(manifestUri: vscode.Uri, options?: GalleryOptions): Promise<void>;
  /** Opens (or reveals) the review panel for a manifest, optionally at one item. */
  openReview(manifestUri: vscode.Uri, itemId?: string): Promise<void>;
  /** Shows a classifier predictions CSV (`path,label,prediction[,score][,domain]`) in the gallery. */
  openPredictions(csvUri: vscode.Uri): Promise<void>;
  /** Opens the results view (results.md table + plot PNG) for an evidence results folder. */
  openResults(folderUri: vscode.Uri): Promise<void>;
}

/** What `registerViews` returns: the API plus one disposable owning every registration. */
export interface RegisteredViews {
  api: ViewsApi;
  disposable: vscode.Disposable;
}

/** View ids contributed in package.json (kept here so commands and tests use the same strings). */
export const VIEW_IDS = {
  container: 'maskmedpaint',
  gallery: 'maskmedpaint.gallery',
  reviewPanel: 'maskmedpaint.review',
  resultsPanel: 'maskmedpaint.results',
  renderer: 'maskmedpaint-gallery-renderer',
} as const;

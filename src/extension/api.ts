import type * as vscode from 'vscode';

/** What `activate()` returns: the extension's public API (`extension.exports`). */
export interface MaskMedPaintApi {
  /** Version of this API shape. */
  readonly apiVersion: 1;
  /**
   * The most recent warnings and errors of the MaskMedPaint log (refused webview messages,
   * failed jobs), oldest first. For diagnostics tools and the integration tests.
   */
  recentProblems: () => readonly string[];
  /** Fires with each new warning or error line as it is logged. */
  onDidRecordProblem: vscode.Event<string>;
}

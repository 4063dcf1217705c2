/**
 * The results view (issue #7): a WebviewPanel showing an evidence results folder's results.md
 * tables and its plot images, so people read the plot rather than the numbers.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseResultsMessage, type ToResultsMessage } from '../../shared/webviewProtocol';
import { parseResultsMarkdown } from './resultsMarkdown';
import { VIEW_IDS, type ViewDeps } from './types';
import { buildWebviewHtml, webviewOptions } from './webviewHtml';

const PLOT_EXTENSIONS = new Set(['.png', '.svg', '.jpg', '.jpeg', '.webp']);

/** Reads results.md (required) and lists plot images in the folder. */
export async function readResultsFolder(
  folder: string,
): Promise<{ markdown: string; plots: string[] }> {
  const resultsPath = path.join(folder, 'results.md');
  let markdown: string;
  try {
    markdown = await fs.readFile(resultsPath, 'utf8');
  } catch {
    throw new Error(`no results.md in ${folder} (run "npm run evidence" to create one)`);
  }
  const entries = await fs.readdir(folder, { withFileTypes: true });
  const plots = entries
    .filter(
      (entry) => entry.isFile() && PLOT_EXTENSIONS.has(path.extname(entry.name).toLowerCase()),
    )
    .map((entry) => path.join(folder, entry.name))
    .sort();
  return { markdown, plots };
}

/** Opens one results panel per folder. */
export class ResultsPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: ViewDeps,
  ) {}

  /** Opens (or reveals) the results view of `folderUri`. */
  async open(folderUri: vscode.Uri): Promise<void> {
    const folder = folderUri.fsPath;
    const { markdown, plots } = await readResultsFolder(folder);
    const existing = this.panels.get(folder);
    if (existing) {
      existing.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_IDS.resultsPanel,
      `Results: ${path.basename(folder)}`,
      vscode.ViewColumn.Active,
    );
    this.panels.set(folder, panel);
    panel.onDidDispose(() => this.panels.delete(folder));
    panel.webview.options = webviewOptions(this.extensionUri, [folderUri]);
    panel.webview.html = buildWebviewHtml(
      panel.webview,
      this.extensionUri,
      'results',
      `Results: ${path.basename(folder)}`,
    );
    const { tables, notes } = parseResultsMarkdown(markdown);
    const state: ToResultsMessage = {
      type: 'state',
      title: path.basename(folder),
      tables,
      notes,
      plotUris: plots.map((p) => panel.webview.asWebviewUri(vscode.Uri.file(p)).toString()),
    };
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      const parsed = parseResultsMessage(raw);
      if (!parsed.ok) {
        this.deps.logger.warn(`results view: refused message (${parsed.reason})`);
        return;
      }
      void panel.webview.postMessage(state);
    });
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
  }
}

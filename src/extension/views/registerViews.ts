/**
 * Registers every view of the extension (sidebar gallery, review panel, results panel, notebook
 * renderer messaging, review keybinding commands) and returns the API the host calls. Wiring
 * only: nothing is read or scanned until a view is shown.
 */
import * as vscode from 'vscode';
import type { ReviewShortcut } from '../../shared/webviewProtocol';
import { GalleryViewProvider } from './galleryViewProvider';
import { registerRendererMessaging } from './rendererHost';
import { ResultsPanels } from './resultsPanel';
import { ReviewPanelController } from './reviewPanel';
import { VIEW_IDS, type RegisteredViews, type ViewDeps, type ViewsApi } from './types';

export type { RegisteredViews, ViewDeps } from './types';

/** Commands bound to keys while the review panel is focused (package.json keybindings). */
export const REVIEW_SHORTCUT_COMMANDS: Record<ReviewShortcut, string> = {
  accept: 'maskmedpaint.review.accept',
  reject: 'maskmedpaint.review.reject',
  next: 'maskmedpaint.review.next',
  previous: 'maskmedpaint.review.previous',
};

/** Commands the views register (the host adds their package.json entries and menus). */
export const VIEW_COMMANDS = {
  openPredictions: 'maskmedpaint.openPredictions',
  openResults: 'maskmedpaint.openResults',
} as const;

/** The resource a command was invoked on (explorer menu), or one the user picks. */
async function pickUri(
  arg: unknown,
  options: vscode.OpenDialogOptions,
): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, ...options });
  return picked?.[0];
}

/** Runs a view command, turning failures into a logged, visible error. */
function guarded(deps: ViewDeps, name: string, run: () => Promise<void>): Promise<void> {
  return run().catch((error: unknown) => {
    const text = error instanceof Error ? error.message : String(error);
    deps.logger.error(`${name}: ${text}`);
    void vscode.window.showErrorMessage(`MaskMedPaint: ${text}`);
  });
}

/** Registers the views; call once from activate() and push `disposable` into context.subscriptions. */
export function registerViews(context: vscode.ExtensionContext, deps: ViewDeps): RegisteredViews {
  const review = new ReviewPanelController(context.extensionUri, deps);
  const results = new ResultsPanels(context.extensionUri, deps);
  const api: ViewsApi = {
    showGallery: (manifestUri, options) => gallery.showManifest(manifestUri, options),
    openReview: (manifestUri, itemId) => review.open(manifestUri, itemId),
    openPredictions: (csvUri) => gallery.showPredictions(csvUri),
    openResults: (folderUri) => results.open(folderUri),
  };
  const gallery = new GalleryViewProvider(context.extensionUri, deps, (uri, itemId) =>
    review.open(uri, itemId),
  );
  const disposables: vscode.Disposable[] = [
    gallery,
    review,
    results,
    vscode.window.registerWebviewViewProvider(VIEW_IDS.gallery, gallery),
    registerRendererMessaging(deps, api),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      gallery.trustChanged();
      void review.refresh();
    }),
    vscode.commands.registerCommand(VIEW_COMMANDS.openPredictions, (arg: unknown) =>
      guarded(deps, 'open predictions', async () => {
        const uri = await pickUri(arg, {
          filters: { 'Predictions CSV': ['csv'] },
          openLabel: 'Open Predictions',
        });
        if (uri) await api.openPredictions(uri);
      }),
    ),
    vscode.commands.registerCommand(VIEW_COMMANDS.openResults, (arg: unknown) =>
      guarded(deps, 'open results', async () => {
        const uri = await pickUri(arg, {
          canSelectFiles: false,
          canSelectFolders: true,
          openLabel: 'Show Results',
        });
        if (uri) await api.openResults(uri);
      }),
    ),
    ...Object.entries(REVIEW_SHORTCUT_COMMANDS).map(([action, command]) =>
      vscode.commands.registerCommand(command, () => review.shortcut(action as ReviewShortcut)),
    ),
  ];
  return { api, disposable: vscode.Disposable.from(...disposables) };
}

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

export type { RegisteredViews, ViewDeps, ViewsApi } from './types';

/** Commands bound to keys while the review panel is focused (package.json keybindings). */
export const REVIEW_SHORTCUT_COMMANDS: Record<ReviewShortcut, string> = {
  accept: 'maskmedpaint.review.accept',
  reject: 'maskmedpaint.review.reject',
  next: 'maskmedpaint.review.next',
  previous: 'maskmedpaint.review.previous',
};

/** Registers the views; call once from activate() and push `disposable` into context.subscriptions. */
export function registerViews(context: vscode.ExtensionContext, deps: ViewDeps): RegisteredViews {
  const review = new ReviewPanelController(context.extensionUri, deps);
  const results = new ResultsPanels(context.extensionUri, deps);
  const api: ViewsApi = {
    showGallery: (manifestUri) => gallery.showManifest(manifestUri),
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
    ...Object.entries(REVIEW_SHORTCUT_COMMANDS).map(([action, command]) =>
      vscode.commands.registerCommand(command, () => review.shortcut(action as ReviewShortcut)),
    ),
  ];
  return { api, disposable: vscode.Disposable.from(...disposables) };
}

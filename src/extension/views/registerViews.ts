/**
 * Registers every view of the extension (sidebar gallery, review panel, results panel, notebook
 * renderer messaging) and returns the API the host calls. Wiring only: nothing is read or scanned
 * until a view is shown.
 */
import type * as vscode from 'vscode';
import type { RegisteredViews, ViewDeps } from './types';

export type { RegisteredViews, ViewDeps, ViewsApi } from './types';

/** Registers the views; call once from activate() and push `disposable` into context.subscriptions. */
export function registerViews(context: vscode.ExtensionContext, deps: ViewDeps): RegisteredViews {
  void context;
  void deps;
  throw new Error('registerViews: not implemented yet');
}

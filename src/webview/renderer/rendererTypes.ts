/**
 * The parts of VS Code's notebook renderer API (the `vscode-notebook-renderer` contract) this
 * renderer uses, declared here so the bundle needs no extra type package.
 */

/** A disposable returned by event subscriptions. */
export interface RendererDisposable {
  dispose(): void;
}

/** The context VS Code passes to `activate`. Messaging exists when `requiresMessaging` is set. */
export interface RendererContext {
  readonly workspace: { readonly isTrusted: boolean };
  postMessage?(message: unknown): void;
  onDidReceiveMessage?(listener: (message: unknown) => void): RendererDisposable;
}

/** One output item of the MIME type this renderer draws. */
export interface OutputItem {
  readonly id: string;
  readonly mime: string;
  json(): unknown;
}

/** What `activate` returns. */
export interface RendererApi {
  renderOutputItem(item: OutputItem, element: HTMLElement): void;
  disposeOutputItem?(id?: string): void;
}

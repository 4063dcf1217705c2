/**
 * Typed access to the webview's `acquireVsCodeApi()` (callable once per page). Apps take a
 * `post` function instead of calling this directly so they run under a DOM shim in tests.
 */

/** The part of the VS Code webview API the apps use. */
export interface WebviewApi<TOut> {
  postMessage(message: TOut): void;
  /** The state saved with `setState` (kept while the view is hidden and shown again). */
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
};

/** Acquires the API once and narrows postMessage to the view's outgoing message type. */
export function acquireTypedApi<TOut>(): WebviewApi<TOut> {
  const api = acquireVsCodeApi();
  return {
    postMessage: (message: TOut) => api.postMessage(message),
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
  };
}

/**
 * Client of the runner's Playwright bridge (test/integration/lib/bridge.mjs): the suite runs in
 * the extension host and cannot see the workbench DOM, so it asks the runner to look into
 * webview iframes, click, post forged messages and take screenshots.
 */
import * as vscode from 'vscode';

/** What the bridge reports about matching elements in one webview frame. */
export interface WebviewMatches {
  found: boolean;
  count: number;
  matches: {
    text: string;
    dataset: Record<string, string>;
    images: number;
    loadedImages: number;
    imageSources: string[];
  }[];
}

async function call<T>(request: Record<string, unknown>): Promise<T> {
  const url = process.env.MMP_IT_BRIDGE;
  if (!url)
    throw new Error('MMP_IT_BRIDGE is not set: run the suite through test/integration/run.mjs');
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(request) });
  const answer = (await response.json()) as T & { error?: string };
  if (!response.ok)
    throw new Error(`bridge ${String(request.action)} failed: ${answer.error ?? response.status}`);
  return answer;
}

/** Waits for `selector` to match at least `minCount` elements in some webview frame. */
export function waitInWebview(
  selector: string,
  minCount = 1,
  waitForImages = false,
): Promise<WebviewMatches> {
  return call({ action: 'waitInWebview', selector, minCount, waitForImages, timeoutMs: 30_000 });
}

/** Clicks the `index`-th element matching `selector` in the webview frame that has it. */
export async function clickInWebview(selector: string, index = 0): Promise<void> {
  const answer = await call<{ clicked: boolean }>({ action: 'clickInWebview', selector, index });
  if (!answer.clicked) throw new Error(`nothing to click: ${selector}`);
}

/**
 * Posts `message` to the extension host from inside the webview frame containing `selector`,
 * the way a compromised webview script could (bypassing the page's own code).
 */
export async function postFromWebview(selector: string, message: unknown): Promise<void> {
  const answer = await call<{ posted: boolean }>({ action: 'postFromWebview', selector, message });
  if (!answer.posted) throw new Error(`no webview frame with ${selector}`);
}

/** Saves a screenshot of the whole workbench as test-artifacts/NAME.png (notifications cleared first). */
export async function screenshot(name: string, keepNotifications = false): Promise<void> {
  // Job-summary notifications from earlier tests would cover the views.
  if (!keepNotifications) await vscode.commands.executeCommand('notifications.clearAll');
  await call({ action: 'screenshot', name });
}

/**
 * Waits for the quick input whose title contains `title`, optionally types `fill` into it and
 * presses `key`; returns the rows it listed (after typing).
 */
export function quickInput(
  title: string,
  action: { fill?: string; key?: 'Enter' | 'Escape' } = {},
): Promise<{ rows: string[] }> {
  return call({ action: 'quickInput', title, ...action });
}

/** Texts of visible workbench elements matching `selector` once one contains `hasText`. */
export function workbenchTexts(
  selector: string,
  hasText: string,
): Promise<{ found: boolean; texts: string[] }> {
  return call({ action: 'workbenchTexts', selector, hasText });
}

/** Clicks the first visible workbench element matching `selector` that contains `hasText`. */
export async function clickWorkbench(selector: string, hasText: string): Promise<void> {
  const answer = await call<{ clicked: boolean }>({ action: 'clickWorkbench', selector, hasText });
  if (!answer.clicked) throw new Error(`nothing to click: ${selector} with "${hasText}"`);
}

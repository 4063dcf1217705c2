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
 * Waits for the quick input whose title contains `title` (and, with `row`, a row containing that
 * text: steps of one command can share a title), optionally types `fill` into it and presses
 * `key`; returns the rows it listed (after typing) and its placeholder (the question).
 */
export function quickInput(
  title: string,
  action: { fill?: string; key?: 'Enter' | 'Escape'; row?: string } = {},
): Promise<{ rows: string[]; placeholder: string }> {
  return call({ action: 'quickInput', title, ...action });
}

/**
 * Texts of visible workbench elements matching `selector` once one contains `hasText` (waiting up
 * to `timeoutMs`; found is false when none appeared).
 */
export function workbenchTexts(
  selector: string,
  hasText: string,
  timeoutMs = 20_000,
): Promise<{ found: boolean; texts: string[] }> {
  return call({ action: 'workbenchTexts', selector, hasText, timeoutMs });
}

/**
 * Clicks the first visible workbench element matching `selector` that contains `hasText`; with
 * `button: 'right'`, opens its context menu.
 */
export async function clickWorkbench(
  selector: string,
  hasText: string,
  button: 'left' | 'right' = 'left',
): Promise<void> {
  const answer = await call<{ clicked: boolean }>({
    action: 'clickWorkbench',
    selector,
    hasText,
    button,
  });
  if (!answer.clicked) throw new Error(`nothing to click: ${selector} with "${hasText}"`);
}

/** One keyboard step: text typed, then a key pressed (Playwright key names: "ArrowRight", "F1"). */
export interface KeyStep {
  type?: string;
  press?: string;
  /** Pause after the step (ms; 150 by default) for the workbench or webview to react. */
  waitMs?: number;
}

/** Presses keys on the page wherever the focus is, as a keyboard-only user would. */
export async function keyboard(...steps: KeyStep[]): Promise<void> {
  await call({ action: 'keyboard', steps });
}

/** The focused element inside a webview (none: `found` false). */
export interface FocusedElement {
  found: boolean;
  tag?: string;
  testId?: string | null;
  dataset?: Record<string, string>;
  text?: string;
  /** Text of the `probe` selector in the focused element's frame (null when absent). */
  probeText?: string | null;
}

/** Where the keyboard focus is inside the webviews; `probe` tells which webview it is. */
export function focusedInWebview(probe?: string): Promise<FocusedElement> {
  return call({ action: 'focusedInWebview', ...(probe ? { probe } : {}) });
}

/** One element axe-core reported, with the rule's data (colours and ratio for contrast). */
export interface AxeNode {
  rule: string;
  target: string;
  html: string;
  summary: string;
  data: unknown;
}

/**
 * Runs axe-core's `rules` (e.g. "color-contrast") in the webview frame containing `selector`;
 * the full results go to test-artifacts/NAME.json. `incomplete`: elements axe could not decide
 * (text over an image, for example).
 */
export function axeInWebview(
  selector: string,
  rules: string[],
  name: string,
): Promise<{ found: boolean; violations: AxeNode[]; incomplete: AxeNode[] }> {
  return call({ action: 'axe', selector, rules, name });
}

/** A failed test's view of the page: its frames and its latest console problems. */
export interface PageReport {
  /** Each frame's page and webview id with its data-testid values and service-worker state. */
  frames: string[];
  /** The page's latest console errors, warnings, uncaught errors and service-worker messages. */
  console: string[];
}

/** What the page looks like now (a failed test's report). */
export async function pageReport(): Promise<PageReport> {
  const answer = await call<{
    frames: { url: string; testIds: string[]; serviceWorker?: string }[];
    console: string[];
  }>({ action: 'frames' });
  return {
    frames: answer.frames.map(
      (frame) =>
        `${frame.url} [${frame.testIds.join(', ')}]` +
        (frame.serviceWorker ? ` service worker: ${frame.serviceWorker}` : ''),
    ),
    console: answer.console,
  };
}

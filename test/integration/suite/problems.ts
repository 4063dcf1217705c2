/** Waiting for the extension to log a problem (refused messages, failed jobs). */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MaskMedPaintApi } from '../../../src/extension/api';
import { EXTENSION_ID } from './helpers';

/** The active extension's API. */
export function api(): MaskMedPaintApi {
  const extension = vscode.extensions.getExtension<MaskMedPaintApi>(EXTENSION_ID);
  assert.ok(extension?.isActive, 'extension not active');
  return extension.exports;
}

/** Resolves with the first recorded problem matching `test` (rejects after `limitMs`). */
export function nextProblem(test: (line: string) => boolean, limitMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    // Subscribed before the timer starts: when api() throws (extension not active), no timer is
    // left behind to touch a subscription that was never made.
    const subscription = api().onDidRecordProblem((line) => {
      if (!test(line)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(line);
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(
        new Error(`no matching problem logged; recent: ${api().recentProblems().join(' | ')}`),
      );
    }, limitMs);
  });
}

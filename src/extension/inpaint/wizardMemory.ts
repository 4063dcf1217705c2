/**
 * The wizard's last answers, remembered per workspace (workspaceState) so the next run starts
 * from them. Stored as a plain object and re-validated on read: state from an older version of
 * the extension must not break the wizard.
 */
import type * as vscode from 'vscode';
import { InpaintOptionsError, parseInpaintOptions, type InpaintOptions } from './inpaintOptions';

const KEY = 'maskmedpaint.inpaintWizard.lastAnswers';

/** Remembered answers, without the run-specific output folder and selection. */
export type RememberedAnswers = Omit<InpaintOptions, 'output' | 'labels'>;

/** Reads the last answers; undefined when none or when they no longer validate. */
export function recallAnswers(state: vscode.Memento): RememberedAnswers | undefined {
  const stored = state.get<unknown>(KEY);
  if (stored === undefined) return undefined;
  try {
    const { output: _output, labels: _labels, ...answers } = parseInpaintOptions(stored);
    return answers;
  } catch (error) {
    if (error instanceof InpaintOptionsError) return undefined;
    throw error;
  }
}

/** Stores the answers of a completed wizard. */
export function rememberAnswers(state: vscode.Memento, options: InpaintOptions): Thenable<void> {
  const { output: _output, labels: _labels, ...answers } = options;
  return state.update(KEY, answers);
}

/**
 * The quick inputs the "Inpaint to Target Domain" wizard is made of, each with VS Code's Back
 * button after the first step (as the built-in multi-step inputs have). A step answers a value,
 * BACK (go to the previous step) or undefined (Escape: the wizard stops).
 */
import * as vscode from 'vscode';

/** The answer of a step whose Back button was pressed. */
export const BACK = Symbol('back');
/** What a step answers. */
export type StepAnswer<T> = T | typeof BACK | undefined;

/** A quick pick item carrying its value. */
export interface Choice<T> extends vscode.QuickPickItem {
  value?: T;
}

/** Where a step stands in the wizard ("Inpaint to Target Domain (3/7): preset"). */
export interface StepPosition {
  title: string;
  /** Offer Back (every step after the first). */
  back: boolean;
}

/**
 * A quick pick step. Separator items show text that is never cut off (explanations, the final
 * summary); the first selectable item is what Enter takes.
 */
export function pickStep<T>(
  position: StepPosition,
  placeholder: string,
  items: Choice<T>[],
): Promise<StepAnswer<T>> {
  const quickPick = vscode.window.createQuickPick<Choice<T>>();
  quickPick.title = position.title;
  quickPick.placeholder = placeholder;
  quickPick.ignoreFocusOut = true;
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.items = items;
  if (position.back) quickPick.buttons = [vscode.QuickInputButtons.Back];
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: StepAnswer<T>): void => {
      if (settled) return;
      settled = true;
      quickPick.dispose();
      resolve(answer);
    };
    quickPick.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) finish(BACK);
    });
    quickPick.onDidAccept(() => {
      const value = quickPick.selectedItems[0]?.value;
      if (value !== undefined) finish(value);
    });
    quickPick.onDidHide(() => finish(undefined));
    quickPick.show();
  });
}

/** A whole-number input step; `prompt` says what the number means. */
export function integerStep(
  position: StepPosition,
  prompt: string,
  value: number,
  min: number,
): Promise<StepAnswer<number>> {
  const input = vscode.window.createInputBox();
  input.title = position.title;
  input.prompt = prompt;
  input.value = String(value);
  input.ignoreFocusOut = true;
  if (position.back) input.buttons = [vscode.QuickInputButtons.Back];
  const valid = (text: string): boolean => /^\d+$/.test(text.trim()) && Number(text) >= min;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: StepAnswer<number>): void => {
      if (settled) return;
      settled = true;
      input.dispose();
      resolve(answer);
    };
    input.onDidChangeValue((text) => {
      input.validationMessage = valid(text) ? undefined : `A whole number >= ${min}`;
    });
    input.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) finish(BACK);
    });
    input.onDidAccept(() => {
      if (valid(input.value)) finish(Number(input.value.trim()));
    });
    input.onDidHide(() => finish(undefined));
    input.show();
  });
}

/** A text input step (the mask name suffix). */
export function textStep(
  position: StepPosition,
  prompt: string,
  value: string,
): Promise<StepAnswer<string>> {
  const input = vscode.window.createInputBox();
  input.title = position.title;
  input.prompt = prompt;
  input.value = value;
  input.ignoreFocusOut = true;
  if (position.back) input.buttons = [vscode.QuickInputButtons.Back];
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: StepAnswer<string>): void => {
      if (settled) return;
      settled = true;
      input.dispose();
      resolve(answer);
    };
    input.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) finish(BACK);
    });
    input.onDidAccept(() => finish(input.value));
    input.onDidHide(() => finish(undefined));
    input.show();
  });
}

/** A separator line in a quick pick: text shown in full, never selected. */
export function note<T>(label: string): Choice<T> {
  return { label, kind: vscode.QuickPickItemKind.Separator };
}

/** A line of text in a quick pick that can be highlighted but answers nothing (Enter stays put). */
export function answerLine<T>(label: string): Choice<T> {
  return { label };
}

/**
 * A quick pick for a folder that also accepts a typed or pasted path: faster than a file dialog
 * for people who know where their data is, and it works the same in the desktop, remote and web
 * workbenches. "Browse…" opens the regular folder dialog.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BACK, type StepAnswer } from './wizardSteps';

/** A folder offered in the list (e.g. the last one used). */
export interface FolderSuggestion {
  folder: string;
  description: string;
}

interface FolderItem extends vscode.QuickPickItem {
  folder?: string;
  browse?: true;
}

/** The folder dialog, starting next to `near`. */
export async function browseForFolder(
  title: string,
  near: vscode.Uri,
): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title,
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    defaultUri: vscode.Uri.joinPath(near, '..'),
  });
  return picked?.[0]?.fsPath;
}

async function isFolder(fsPath: string): Promise<boolean> {
  try {
    return (
      (await vscode.workspace.fs.stat(vscode.Uri.file(fsPath))).type === vscode.FileType.Directory
    );
  } catch {
    return false;
  }
}

/**
 * Asks for a folder. Typed paths are taken relative to `base` (the workspace folder) and must be
 * existing folders; the pick stays open with a message otherwise. Undefined when dismissed; BACK
 * when `back` offers the Back button and it was pressed.
 */
export function pickFolder(options: {
  title: string;
  placeholder: string;
  suggestions: FolderSuggestion[];
  base: string;
  near: vscode.Uri;
  back?: boolean;
}): Promise<StepAnswer<string>> {
  const quickPick = vscode.window.createQuickPick<FolderItem>();
  if (options.back) quickPick.buttons = [vscode.QuickInputButtons.Back];
  quickPick.title = options.title;
  quickPick.placeholder = `${options.placeholder}: type a path (relative to the workspace) or choose`;
  quickPick.ignoreFocusOut = true;
  quickPick.items = [
    ...options.suggestions.map((s) => ({
      label: vscode.workspace.asRelativePath(s.folder),
      description: s.description,
      folder: s.folder,
    })),
    { label: '$(folder-opened) Browse…', browse: true },
  ];
  return new Promise<StepAnswer<string>>((resolve) => {
    let answered = false;
    const finish = (folder: StepAnswer<string>): void => {
      answered = true;
      quickPick.dispose();
      resolve(folder);
    };
    quickPick.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) finish(BACK);
    });
    // QuickPick has no validation message: a problem is shown in the title until the next edit.
    quickPick.onDidChangeValue(() => (quickPick.title = options.title));
    quickPick.onDidAccept(async () => {
      const item = quickPick.selectedItems[0];
      if (item?.browse) {
        quickPick.hide();
        return;
      }
      const typed = quickPick.value.trim();
      const folder = item?.folder ?? (typed ? path.resolve(options.base, typed) : undefined);
      if (!folder) return;
      if (!(await isFolder(folder))) {
        quickPick.title = `${options.title}: ${folder} is not a folder`;
        return;
      }
      finish(folder);
    });
    quickPick.onDidHide(() => {
      if (answered) return;
      const browsing = quickPick.selectedItems[0]?.browse === true;
      quickPick.dispose();
      if (!browsing) return resolve(undefined);
      void browseForFolder(options.title, options.near).then(resolve);
    });
    quickPick.show();
  });
}

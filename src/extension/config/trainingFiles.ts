/**
 * Finds the places an augmentation config can go: training scripts (`train*.py`), notebooks and
 * Python project files, and lets the user pick one (or browse for any file).
 */
import * as vscode from 'vscode';

const PATTERN = '**/{train*.py,*.ipynb,pyproject.toml}';
const EXCLUDE = '**/{node_modules,.git,.venv,venv,site-packages,__pycache__,.ipynb_checkpoints}/**';

/** Candidate training files in the workspace, sorted by path. */
export async function findTrainingFiles(limit = 100): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles(PATTERN, EXCLUDE, limit);
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

/** The user's choice among the candidates; undefined when dismissed. */
export async function pickTrainingFile(): Promise<vscode.Uri | undefined> {
  const candidates = await findTrainingFiles();
  const browse = { label: '$(file) Choose another file…', uri: undefined };
  const items = [
    ...candidates.map((uri) => ({
      label: vscode.workspace.asRelativePath(uri),
      description: uri.path.endsWith('.ipynb')
        ? 'notebook'
        : uri.path.endsWith('.toml')
          ? 'project'
          : 'script',
      uri,
    })),
    browse,
  ];
  const chosen = await vscode.window.showQuickPick(items, {
    title: 'Write Augmentation Config',
    placeHolder: 'The config and a loader snippet are written beside this training file',
  });
  if (!chosen) return undefined;
  if (chosen.uri) return chosen.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    title: 'Training script or notebook',
  });
  return picked?.[0];
}

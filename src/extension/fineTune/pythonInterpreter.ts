/**
 * Which Python runs the toolkit: the interpreter selected in the Python extension (its
 * `environments` API) when that extension is installed, else the `maskmedpaint.pythonPath`
 * setting (user level only in an untrusted workspace; fine-tuning refuses to run there anyway).
 */
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { readSettings } from '../settings';

/** The parts of ms-python.python's exported API used here (checked at run time, never trusted blindly). */
interface PythonEnvironmentsApi {
  getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
  resolveEnvironment(
    environment: { path: string } | string,
  ): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
}

function isEnvironmentsApi(value: unknown): value is PythonEnvironmentsApi {
  if (value === null || typeof value !== 'object') return false;
  const api = value as Record<string, unknown>;
  return (
    typeof api.getActiveEnvironmentPath === 'function' &&
    typeof api.resolveEnvironment === 'function'
  );
}

/** The interpreter selected in the Python extension, or undefined when it is absent or has none. */
async function fromPythonExtension(resource: vscode.Uri | undefined): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension('ms-python.python');
  if (!extension) return undefined;
  const exports: unknown = extension.isActive ? extension.exports : await extension.activate();
  const environments =
    exports !== null && typeof exports === 'object'
      ? (exports as Record<string, unknown>).environments
      : undefined;
  if (!isEnvironmentsApi(environments)) return undefined;
  const active = environments.getActiveEnvironmentPath(resource);
  const resolved = await environments.resolveEnvironment(active);
  // A conda environment's `path` is its folder; the executable is what we can spawn.
  return resolved?.executable.uri?.fsPath ?? active.path;
}

/** The interpreter to use, or undefined when none is configured (the caller explains how to set one). */
export async function findPythonInterpreter(
  trusted: boolean,
  resource?: vscode.Uri,
): Promise<string | undefined> {
  return (await fromPythonExtension(resource)) ?? readSettings(trusted, resource).pythonPath;
}

/** Runs `python args...` and resolves with its exit code and output (never rejects). */
export function runPython(
  python: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      python,
      args,
      { windowsHide: true, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({
          code,
          stdout,
          stderr: stderr || (error && typeof error.code !== 'number' ? error.message : ''),
        });
      },
    );
  });
}

/** The toolkit's version in `python`, or undefined when `maskmedpaint` (or torch) cannot be imported. */
export async function toolkitVersion(python: string): Promise<string | undefined> {
  const probe = 'import maskmedpaint, torch, diffusers; print(maskmedpaint.__version__)';
  const result = await runPython(python, ['-c', probe]);
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/**
 * Offers to `pip install` the toolkit into `python` from the copy shipped inside the extension
 * (`<extension>/python`). Never from the package index by name: `maskmedpaint` there is not ours.
 * Resolves true when it is importable afterwards.
 */
export async function offerToolkitInstall(
  python: string,
  extensionUri: vscode.Uri,
  storageUri: vscode.Uri,
  logger: vscode.LogOutputChannel,
): Promise<boolean> {
  const bundled = vscode.Uri.joinPath(extensionUri, 'python');
  try {
    await vscode.workspace.fs.stat(vscode.Uri.joinPath(bundled, 'pyproject.toml'));
  } catch {
    throw new Error(
      `the MaskMedPaint Python toolkit (with PyTorch) is not importable in ${python}, and this build of the extension does not ship it: ` +
        'install it there with `pip install <MaskMedPaint repository>/python` (and a PyTorch build for your hardware)',
    );
  }
  const install = 'Install';
  const answer = await vscode.window.showWarningMessage(
    `The MaskMedPaint Python toolkit (with PyTorch) is not importable in ${python}. Install it there with pip?`,
    {
      modal: true,
      detail:
        'PyTorch is installed too if missing; for a GPU build, install PyTorch first (pytorch.org).',
    },
    install,
  );
  if (answer !== install) return false;
  // pip builds in the source tree (egg-info, build/): build from a copy, the extension folder may be read-only.
  const copy = vscode.Uri.joinPath(storageUri, 'python-toolkit');
  await vscode.workspace.fs
    .delete(copy, { recursive: true, useTrash: false })
    .then(undefined, () => undefined);
  await vscode.workspace.fs.copy(bundled, copy, { overwrite: true });
  const spec = `${copy.fsPath}[torch]`;
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Installing the MaskMedPaint toolkit with pip…`,
    },
    () => runPython(python, ['-m', 'pip', 'install', spec]),
  );
  logger.info(result.stdout);
  if (result.code !== 0) {
    logger.error(`pip install ${spec} failed (exit ${result.code}): ${result.stderr}`);
    throw new Error(
      `pip could not install the toolkit (exit ${result.code}); see "MaskMedPaint: Show Logs"`,
    );
  }
  return (await toolkitVersion(python)) !== undefined;
}

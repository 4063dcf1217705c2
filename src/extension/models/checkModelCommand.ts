/**
 * "MaskMedPaint: Check Model on GPU Provider": runs the bundled CLI's `models check MODEL
 * --provider P --json` in a child process (like augmentation jobs, so onnxruntime never loads in
 * the extension host), logs a line per graph output and tells the user whether the provider
 * computes the model like the CPU. A provider can run a model and still compute it wrongly
 * (onnxruntime-node 1.30's WebGPU provider on 9-channel inpainting UNets): no error would say so.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ModelRegistry, type RegisteredModel } from '../../core/models/registry';
import { cliArguments, type ModelsCheckCliRequest } from '../../shared/cliRequest';
import { startCliJob } from '../jobs/cliJobProcess';
import { runtimeEnvironment } from '../runtimeEnvironment';
import { readSettings, SETTINGS_SECTION } from '../settings';
import {
  checkOutcome,
  isCheckProvider,
  parseCheckReport,
  reportLogLines,
  type CheckOutcome,
  type CheckProvider,
} from './checkModelReport';
import { defaultCheckProvider, providerPickRows } from './checkProviderChoice';
import { checkModelPickRows } from './modelChoices';
import { extensionModelCacheDir, type ModelCommandDeps } from './modelCommandDeps';

/** The command id contributed in package.json. */
export const CHECK_MODEL_COMMAND = 'maskmedpaint.checkModelProvider';

/** The button of the "differs" notification. */
export const USE_CPU_BUTTON = 'Use the CPU in This Workspace';

const TITLE = 'MaskMedPaint: Check Model on GPU Provider';

async function registeredModels(
  cacheDir: string,
  deps: ModelCommandDeps,
): Promise<RegisteredModel[]> {
  try {
    return await new ModelRegistry(cacheDir).list();
  } catch (error) {
    deps.logger.warn(`model registry: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}

async function askModel(cacheDir: string, deps: ModelCommandDeps): Promise<string | undefined> {
  const browse = '\u0000browse';
  const rows = checkModelPickRows(
    await registeredModels(cacheDir, deps),
    readSettings(deps.isTrusted()).modelFolders,
  );
  const picked = await vscode.window.showQuickPick(
    [...rows, { id: browse, label: '$(folder-opened) Browse for a model folder or .onnx file…' }],
    { title: `${TITLE}: Model`, matchOnDescription: true, matchOnDetail: true },
  );
  if (picked?.id !== browse) return picked?.id;
  const chosen = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Check This Model',
    title: 'A Stable Diffusion ONNX folder or an .onnx file',
  });
  return chosen?.[0]?.fsPath;
}

async function askProvider(deps: ModelCommandDeps): Promise<CheckProvider | undefined> {
  const setting = readSettings(deps.isTrusted()).executionProvider;
  const rows = providerPickRows(defaultCheckProvider(setting, process.platform));
  const picked = await vscode.window.showQuickPick(rows, { title: `${TITLE}: Provider` });
  return picked?.provider;
}

/** Runs the CLI under a cancellable progress notification; undefined when cancelled. */
function runCheck(
  cliPath: string,
  request: ModelsCheckCliRequest,
  deps: ModelCommandDeps,
): Thenable<{ stdout: string; stderr: string; exitCode: number | null } | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: TITLE, cancellable: true },
    async (progress, token) => {
      progress.report({ message: 'running every graph on the CPU and on the provider…' });
      deps.logger.info(`models check: node ${cliPath} ${cliArguments(request).join(' ')}`);
      const stdout: string[] = [];
      const job = startCliJob(
        cliPath,
        request,
        {
          // `models check` prints no JobEvents: every stdout line belongs to the JSON report.
          onEvent: (event) => stdout.push(JSON.stringify(event)),
          onText: (text, stream) => {
            if (stream === 'stdout') stdout.push(text);
            else deps.logger.info(`models check: ${text}`);
          },
        },
        runtimeEnvironment(),
      );
      const subscription = token.onCancellationRequested(() => job.cancel());
      try {
        const result = await job.done;
        if (result.cancelled) return undefined;
        return { stdout: stdout.join('\n'), stderr: result.stderr, exitCode: result.exitCode };
      } finally {
        subscription.dispose();
      }
    },
  );
}

/** Shows the verdict; not awaited, so the command returns while the notification is open. */
function announce(outcome: CheckOutcome, deps: ModelCommandDeps): void {
  const message = `MaskMedPaint: ${outcome.message}`;
  if (outcome.kind === 'agrees') {
    deps.logger.info(`models check: ${outcome.message}`);
    void vscode.window.showInformationMessage(message);
    return;
  }
  deps.logger.warn(`models check: ${outcome.message}`);
  if (outcome.kind === 'unavailable') {
    void vscode.window.showWarningMessage(message);
    return;
  }
  vscode.window.showWarningMessage(message, USE_CPU_BUTTON).then(
    (choice) => (choice === USE_CPU_BUTTON ? useCpu(deps) : undefined),
    () => undefined,
  );
}

async function useCpu(deps: ModelCommandDeps): Promise<void> {
  // Workspace level: the verdict is about this model, not every project of the user. Without a
  // folder open there is no workspace level, so the user's settings take it.
  const target = vscode.workspace.workspaceFolders?.length
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  try {
    await vscode.workspace
      .getConfiguration(SETTINGS_SECTION)
      .update('executionProvider', 'cpu', target);
    deps.logger.info('maskmedpaint.executionProvider set to cpu');
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    deps.logger.error(`could not set maskmedpaint.executionProvider: ${why}`);
    void vscode.window.showErrorMessage(`MaskMedPaint: could not change the setting: ${why}`);
  }
}

/**
 * The command handler. `modelArg` (a path or Uri) and `providerArg` skip the picks for callers
 * using `executeCommand`; resolves with the verdict, or undefined when cancelled or refused.
 */
export async function checkModelProvider(
  context: vscode.ExtensionContext,
  deps: ModelCommandDeps,
  modelArg?: unknown,
  providerArg?: unknown,
): Promise<CheckOutcome | undefined> {
  if (!deps.isTrusted()) {
    deps.logger.warn('models check refused: this workspace is not trusted');
    void vscode.window.showWarningMessage(
      'MaskMedPaint: trust this workspace to run models (Check Model on GPU Provider).',
    );
    return undefined;
  }
  if (providerArg !== undefined && !isCheckProvider(providerArg))
    throw new Error(
      `unknown provider ${JSON.stringify(providerArg)}: use cuda, dml, coreml or webgpu`,
    );
  const cacheDir = extensionModelCacheDir(context);
  const model =
    modelArg instanceof vscode.Uri
      ? modelArg.fsPath
      : typeof modelArg === 'string'
        ? modelArg
        : await askModel(cacheDir, deps);
  if (model === undefined) return undefined;
  const provider = providerArg ?? (await askProvider(deps));
  if (provider === undefined) return undefined;

  const cliPath = context.asAbsolutePath(path.join('dist', 'cli.js'));
  const request: ModelsCheckCliRequest = { command: 'modelsCheck', model, provider, cacheDir };
  const run = await runCheck(cliPath, request, deps);
  if (run === undefined) {
    deps.logger.info('models check: cancelled');
    void vscode.window.showInformationMessage('MaskMedPaint: the model check was cancelled.');
    return undefined;
  }
  let outcome: CheckOutcome;
  try {
    const report = parseCheckReport(run.stdout);
    for (const line of reportLogLines(report)) deps.logger.info(line);
    outcome = checkOutcome(report);
  } catch (error) {
    // No report at all: the CLI refused (bad path, no graphs) and said why on stderr.
    const why = error instanceof Error ? error.message : String(error);
    const stderr = run.stderr.trim().split('\n').slice(-2).join(' ');
    const reason = run.stdout.trim() === '' && stderr !== '' ? stderr : why;
    throw new Error(`the model check failed (exit code ${String(run.exitCode)}): ${reason}`);
  }
  announce(outcome, deps);
  return outcome;
}

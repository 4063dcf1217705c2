/**
 * "MaskMedPaint: Set Up GPU": runs the bundled CLI's `gpu status --json` in a child process (so no
 * provider library ever loads in the extension host), logs every provider's state, shows which
 * provider models run on and why the others cannot, and updates the status bar. Where `gpu
 * install` can help (Linux, CUDA provider missing), it offers the install with its size, runs it
 * with progress and Cancel, and checks again.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatBytes } from '../../core/models/progressMeter';
import { cliArguments, type CliRequest } from '../../shared/cliRequest';
import { startCliJob } from '../jobs/cliJobProcess';
import { runtimeEnvironment } from '../runtimeEnvironment';
import type { EngineStatusBar } from '../statusBar';
import {
  type GpuVerdict,
  gpuVerdict,
  installProgressText,
  parseGpuStatus,
  planSummary,
} from './gpuReport';

/** The command id contributed in package.json. */
export const SET_UP_GPU_COMMAND = 'maskmedpaint.setUpGpu';
export const INSTALL_BUTTON = 'Install CUDA Provider…';
const TITLE = 'MaskMedPaint: Set Up GPU';

export interface GpuCommandDeps {
  logger: vscode.LogOutputChannel;
  statusBar: EngineStatusBar;
}

/** Runs the CLI with a cancellable notification; undefined when cancelled. */
function runCli(
  context: vscode.ExtensionContext,
  request: CliRequest,
  message: string,
  deps: GpuCommandDeps,
): Thenable<{ stdout: string; stderr: string; exitCode: number | null } | undefined> {
  const cliPath = context.asAbsolutePath(path.join('dist', 'cli.js'));
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: TITLE, cancellable: true },
    async (progress, token) => {
      progress.report({ message });
      deps.logger.info(`gpu: node ${cliPath} ${cliArguments(request).join(' ')}`);
      const stdout: string[] = [];
      const job = startCliJob(
        cliPath,
        request,
        {
          onEvent: (event) => stdout.push(JSON.stringify(event)),
          onText: (text, stream) => {
            if (stream === 'stderr') return deps.logger.info(`gpu: ${text}`);
            stdout.push(text);
            const step = installProgressText(text);
            if (step) progress.report({ message: step });
          },
        },
        runtimeEnvironment(),
      );
      const subscription = token.onCancellationRequested(() => job.cancel());
      try {
        const result = await job.done;
        return result.cancelled
          ? undefined
          : { stdout: stdout.join('\n'), stderr: result.stderr, exitCode: result.exitCode };
      } finally {
        subscription.dispose();
      }
    },
  );
}

/** A `gpu install` request through VS Code's proxy setting, if one is set. */
function installRequest(planOnly: boolean): CliRequest {
  const proxy = vscode.workspace.getConfiguration('http').get<string>('proxy');
  return { command: 'gpuInstall', planOnly, ...(proxy ? { proxy } : {}) };
}

async function checkStatus(
  context: vscode.ExtensionContext,
  deps: GpuCommandDeps,
): Promise<GpuVerdict | undefined> {
  const run = await runCli(
    context,
    { command: 'gpuStatus' },
    'trying each execution provider…',
    deps,
  );
  if (!run) return undefined;
  const verdict = gpuVerdict(parseGpuStatus(run.stdout));
  for (const line of verdict.logLines) deps.logger.info(line);
  deps.statusBar.showProvider(verdict.provider, verdict.message);
  return verdict;
}

async function install(context: vscode.ExtensionContext, deps: GpuCommandDeps): Promise<boolean> {
  const planned = await runCli(
    context,
    installRequest(true),
    'looking up the CUDA provider…',
    deps,
  );
  if (!planned) return false;
  if (planned.exitCode !== 0)
    throw new Error(`gpu install: ${planned.stderr.trim().split('\n').at(-1) ?? 'failed'}`);
  const plan = planSummary(planned.stdout);
  const answer = await vscode.window.showWarningMessage(
    `Download the CUDA provider (${formatBytes(plan.downloadBytes)})?`,
    { modal: true, detail: `Into your user cache, SHA-256 verified:\n${plan.wheels.join('\n')}` },
    'Download',
  );
  if (answer !== 'Download') return false;
  const done = await runCli(context, installRequest(false), 'downloading…', deps);
  if (!done) {
    void vscode.window.showInformationMessage(
      'MaskMedPaint: the GPU install was cancelled; it resumes next time.',
    );
    return false;
  }
  if (done.exitCode !== 0)
    throw new Error(`gpu install: ${done.stderr.trim().split('\n').at(-1) ?? 'failed'}`);
  return true;
}

/** The command handler; resolves with the verdict (undefined when cancelled). */
export async function setUpGpu(
  context: vscode.ExtensionContext,
  deps: GpuCommandDeps,
): Promise<GpuVerdict | undefined> {
  const verdict = await checkStatus(context, deps);
  if (!verdict) return undefined;
  const message = `MaskMedPaint: ${verdict.message}`;
  if (!verdict.canInstall) {
    void vscode.window.showInformationMessage(message);
    return verdict;
  }
  // Not awaited: the command resolves while the offer is on screen.
  vscode.window.showInformationMessage(message, INSTALL_BUTTON).then(
    async (choice) => {
      if (choice !== INSTALL_BUTTON) return;
      try {
        if (await install(context, deps)) await checkStatus(context, deps);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        deps.logger.error(why);
        void vscode.window.showErrorMessage(`MaskMedPaint: ${why}`);
      }
    },
    () => undefined,
  );
  return verdict;
}

/** Registers the command. */
export function registerGpuCommands(
  context: vscode.ExtensionContext,
  deps: GpuCommandDeps,
): vscode.Disposable {
  return vscode.commands.registerCommand(SET_UP_GPU_COMMAND, () => setUpGpu(context, deps));
}

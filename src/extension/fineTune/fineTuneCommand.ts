/**
 * "MaskMedPaint: Fine-tune Model on Target Domain": runs the Python toolkit's stages in the
 * user's interpreter with progress, ETA and Cancel in a notification, streams the log to the
 * output channel, and registers the exported ONNX folder as a model folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { askFineTuneChoices } from './fineTuneWizard';
import { findPythonInterpreter, offerToolkitInstall, toolkitVersion } from './pythonInterpreter';
import { describeStep, stepIncrement } from './trainingEvents';
import {
  exportedModelFolder,
  planFineTune,
  type FineTuneChoices,
  type PlannedStage,
} from './trainingPlan';
import { startStage, type StageResult } from './trainingProcess';
import { trainingArguments } from '../../shared/trainingRequest';

/** What the command needs from the host (HostServices satisfies it). */
export interface FineTuneDeps {
  logger: vscode.LogOutputChannel;
  /** `vscode.workspace.isTrusted`, read at the moment of use. */
  isTrusted(): boolean;
}

/** Runs the whole command; resolves with the exported model folder, or undefined when not finished. */
export async function fineTuneOnTargetDomain(
  context: vscode.ExtensionContext,
  deps: FineTuneDeps,
  startFolder?: vscode.Uri,
): Promise<string | undefined> {
  if (!deps.isTrusted()) {
    void vscode.window.showWarningMessage(
      'MaskMedPaint: fine-tuning runs Python code and is available in trusted workspaces only.',
    );
    return undefined;
  }
  const python = await findPythonInterpreter(true, startFolder);
  if (!python) {
    throw new Error(
      'no Python interpreter: select one with "Python: Select Interpreter" (Python extension) or set "maskmedpaint.pythonPath"',
    );
  }
  let version = await toolkitVersion(python);
  if (version === undefined) {
    if (
      !(await offerToolkitInstall(
        python,
        context.extensionUri,
        context.globalStorageUri,
        deps.logger,
      ))
    )
      return undefined;
    version = await toolkitVersion(python);
  }
  deps.logger.info(`fine-tuning with ${python} (maskmedpaint ${version ?? '?'})`);
  const choices = await askFineTuneChoices(startFolder);
  if (!choices) return undefined;
  if (!(await confirmResume(choices))) return undefined;

  for (const stage of planFineTune(choices)) {
    const result = await runStageWithProgress(python, stage, deps.logger);
    if (result.cancelled) {
      void vscode.window.showInformationMessage(
        `MaskMedPaint: ${stage.title} cancelled. Run the command again with the same folder to continue from the last checkpoint.`,
      );
      return undefined;
    }
    if (result.exitCode !== 0) {
      throw new Error(
        `${stage.title} failed: ${result.error ?? `exit code ${String(result.exitCode)}; see "MaskMedPaint: Show Logs"`}`,
      );
    }
  }
  const model = exportedModelFolder(choices);
  await registerModelFolder(model);
  deps.logger.info(`exported model registered: ${model}`);
  const reveal = 'Reveal Folder';
  void vscode.window
    .showInformationMessage(
      `MaskMedPaint: the fine-tuned model is ready and offered by "Inpaint to Target Domain": ${model}`,
      reveal,
    )
    .then((answer) => {
      if (answer === reveal)
        void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(model));
    });
  return model;
}

/** Existing runs in the output folder are continued (never silently overwritten) or the command stops. */
async function confirmResume(choices: FineTuneChoices): Promise<boolean> {
  const runs = ['stage1', 'stage2'].filter((name) =>
    fs.existsSync(path.join(choices.outputFolder, name, 'checkpoints')),
  );
  if (runs.length === 0) return true;
  const resume = 'Continue from Last Checkpoint';
  const answer = await vscode.window.showWarningMessage(
    `${choices.outputFolder} already holds training runs (${runs.join(', ')}).`,
    {
      modal: true,
      detail: 'Continue them from their last checkpoints, or cancel and choose another folder.',
    },
    resume,
  );
  if (answer !== resume) return false;
  choices.resume = true;
  return true;
}

function runStageWithProgress(
  python: string,
  stage: PlannedStage,
  logger: vscode.LogOutputChannel,
): Promise<StageResult> {
  logger.info(`${stage.title}: maskmedpaint-train ${trainingArguments(stage.request).join(' ')}`);
  return Promise.resolve(
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `MaskMedPaint: ${stage.title}`,
        cancellable: true,
      },
      async (progress, token) => {
        let lastStep = 0;
        const running = startStage(python, stage.request, {
          onLog: (line) => logger.info(line),
          onEvent: (event) => {
            switch (event.type) {
              case 'start':
                lastStep = event.step;
                progress.report({
                  message: `on ${event.device}, from step ${event.step}/${event.total}`,
                  increment: (event.step / Math.max(event.total, 1)) * 100,
                });
                break;
              case 'step':
                progress.report({
                  message: describeStep(event),
                  increment: stepIncrement(lastStep, event.step, event.total),
                });
                lastStep = event.step;
                break;
              case 'checkpoint':
                logger.info(`checkpoint at step ${event.step}: ${event.path}`);
                break;
              case 'validation':
                logger.info(`validation images at step ${event.step}: ${event.path}`);
                break;
              case 'classifier':
              case 'scored':
                logger.info(JSON.stringify(event));
                break;
              case 'exported':
              case 'verified':
                progress.report({
                  message: `${event.type} ${event.component}`,
                  increment: stepIncrement(lastStep, event.step, event.total),
                });
                lastStep = event.step;
                if (event.type === 'verified')
                  logger.info(`verified ${event.component}: max abs diff ${event.maxAbsDiff}`);
                break;
              case 'error':
                logger.error(event.message);
                break;
              case 'done':
              case 'cancelled':
                break;
            }
          },
        });
        const subscription = token.onCancellationRequested(() => running.cancel());
        try {
          return await running.done;
        } finally {
          subscription.dispose();
        }
      },
    ),
  );
}

/** Appends the folder to the user's `maskmedpaint.modelFolders` (user level: workspaces may be untrusted). */
async function registerModelFolder(folder: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('maskmedpaint');
  const current = config.inspect<string[]>('modelFolders')?.globalValue ?? [];
  if (current.includes(folder)) return;
  await config.update('modelFolders', [...current, folder], vscode.ConfigurationTarget.Global);
}

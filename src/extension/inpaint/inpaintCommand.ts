/**
 * "MaskMedPaint: Inpaint to Target Domain": from the explorer (a folder), the palette (asks for
 * one) or code (`executeCommand(id, sourceUri, options)`, which skips the wizard). Resolves the
 * output folder, runs the job in a child process, then offers the gallery and review panel.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { JobEvent } from '../../shared/jobEvents';
import { MANIFEST_FILE_NAME } from '../../shared/manifest';
import { runsModel } from '../../core/engines/registry';
import { ModelRegistry, type RegisteredModel } from '../../core/models/registry';
import type { HostServices } from '../hostServices';
import { extensionModelCacheDir } from '../models/modelCommandDeps';
import { runAugmentJob } from '../jobs/runAugmentJob';
import { planOnCluster } from '../cluster/planOnCluster';
import { RunFailures } from '../views/runFailures';
import { readSettings } from '../settings';
import { augmentRequest, parseInpaintOptions, type InpaintOptions } from './inpaintOptions';
import { expandOutputPattern, previewOutputFolder } from './outputLocation';
import { liveGalleryHandler } from './liveGallery';
import { runSummary } from './runSummary';
import { withDefaultTargetMasks } from './scriptedTargetMasks';
import { selectionSourceName } from './selectionLayout';
import type { StagedSelection } from './selectionStaging';
import { runInpaintWizard } from './wizard';
import { recallAnswers, rememberAnswers } from './wizardMemory';

/** What the command resolves with (undefined when the user cancelled before starting). */
export interface InpaintRunResult {
  output: string;
  manifest: string;
  exitCode: number | null;
  finished: Extract<JobEvent, { type: 'finished' }> | undefined;
}

async function askSourceFolder(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Source images (one subfolder per class)',
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}

/** Models installed through the model commands; none (logged) when the registry is unreadable. */
async function registeredModels(services: HostServices): Promise<RegisteredModel[]> {
  try {
    return await new ModelRegistry(extensionModelCacheDir(services.context)).list();
  } catch (error) {
    services.logger.warn(
      `model registry: ${error instanceof Error ? error.message : String(error)}`,
    );
    return [];
  }
}

/**
 * The command handler. `sourceArg` is the explorer's folder; `optionsArg` an options object
 * (see {@link parseInpaintOptions}). The explorer passes the multi-selection as the second
 * argument, so an array there is not options.
 */
export async function inpaintToTargetDomain(
  services: HostServices,
  sourceArg?: unknown,
  optionsArg?: unknown,
  selection?: StagedSelection,
): Promise<InpaintRunResult | undefined> {
  const { logger, context } = services;
  const source = sourceArg instanceof vscode.Uri ? sourceArg : await askSourceFolder();
  if (!source) return undefined;
  const trusted = services.isTrusted();
  const settings = readSettings(trusted, source);
  const scripted = optionsArg !== undefined && !Array.isArray(optionsArg);
  let options: InpaintOptions | undefined = scripted
    ? parseInpaintOptions(optionsArg)
    : await runInpaintWizard({
        source,
        last: recallAnswers(context.workspaceState),
        defaultPreset: settings.defaultPreset,
        modelFolders: settings.modelFolders,
        registeredModels: trusted ? await registeredModels(services) : [],
        trusted,
      });
  if (!options) return undefined;
  // A selection runs on the dataset folder with a labels CSV listing the selected images.
  if (selection) options = { ...options, labels: selection.labelsCsv };
  if (scripted) options = await withDefaultTargetMasks(options, logger);
  if (!trusted && runsModel(options.engine)) {
    throw new Error(
      'Models do not run in an untrusted workspace. Trust the workspace or use the composite engine.',
    );
  }
  if (!scripted) await rememberAnswers(context.workspaceState, options);

  const workspaceFolder =
    vscode.workspace.getWorkspaceFolder(source)?.uri.fsPath ?? path.dirname(source.fsPath);
  const fullOutput =
    options.output ??
    expandOutputPattern(settings.outputLocation, {
      // A selection's run is named after the selection, beside the dataset folder.
      sourceFolder: selection ? selectionSourceName(source.fsPath, selection.name) : source.fsPath,
      workspaceFolder,
      preset: options.preset,
    });
  const output =
    options.mode === 'preview' && options.output === undefined
      ? previewOutputFolder(fullOutput)
      : fullOutput;
  logger.info(`inpaint: ${runSummary(options, (p) => vscode.workspace.asRelativePath(p))}`);
  const cliPath = context.asAbsolutePath(path.join('dist', 'cli.js'));
  if (options.mode === 'cluster') {
    await planOnCluster(logger, cliPath, augmentRequest(source.fsPath, output, options, settings));
    return undefined;
  }
  const title =
    options.mode === 'preview' ? 'MaskMedPaint: preview on 4 images' : 'MaskMedPaint: inpainting';

  // The gallery opens at the first finished image and fills in while the job runs (wizard runs).
  const manifestUri = vscode.Uri.file(path.join(output, MANIFEST_FILE_NAME));
  const failures = new RunFailures();
  const onEvent = liveGalleryHandler(
    () => void services.views()?.showGallery(manifestUri, { running: true }),
    failures,
    !scripted,
  );
  const result = await runAugmentJob({
    title,
    cliPath,
    cliRequest: augmentRequest(source.fsPath, output, options, settings),
    engine: options.engine,
    executionProvider: settings.executionProvider,
    logger,
    statusBar: services.statusBar,
    onEvent,
  });
  const manifest = result.finished?.manifest ?? path.join(output, MANIFEST_FILE_NAME);
  const run: InpaintRunResult = {
    output,
    manifest,
    exitCode: result.exitCode,
    finished: result.finished,
  };
  void announce(services, run, result.stderr, scripted, failures);
  return run;
}

/** Tells the user how it went and offers the next step (not awaited: the command returns). */
async function announce(
  services: HostServices,
  run: InpaintRunResult,
  stderr: string,
  scripted: boolean,
  failures: RunFailures,
): Promise<void> {
  const finished = run.finished;
  if (!finished) {
    const reason =
      stderr.trim().split('\n').slice(-3).join(' ') || `exit code ${String(run.exitCode)}`;
    services.logger.error(`job did not finish: ${reason}`);
    void vscode.window
      .showErrorMessage(`MaskMedPaint: the job failed: ${reason}`, 'Show Logs')
      .then((choice) => {
        if (choice) services.logger.show();
      });
    return;
  }
  const manifestUri = vscode.Uri.file(run.manifest);
  const views = services.views();
  // The run already shown keeps its scroll position and selection; it is no longer running.
  if (views && !scripted) await views.showGallery(manifestUri, { running: false });
  const failed = failures.describe();
  const summary =
    `MaskMedPaint: ${finished.done} generated, ${finished.failed} failed, ${finished.skipped} already done` +
    (finished.cancelled ? ' (cancelled; run again to resume)' : '') +
    (failed ? `. ${failed}` : '');
  const review = 'Review Augmentations';
  const showFailures = 'Show Failures';
  const choice =
    finished.failed > 0
      ? await vscode.window.showWarningMessage(summary, showFailures, review)
      : await vscode.window.showInformationMessage(summary, review);
  if (choice === showFailures) await views?.showGallery(manifestUri, { failuresOnly: true });
  if (choice === review)
    await vscode.commands.executeCommand('maskmedpaint.reviewAugmentations', manifestUri);
}

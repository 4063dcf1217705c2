/**
 * Entry of the VS Code extension. activate() is wiring only (docs/architecture.md, conventions): it
 * creates the log channel and status bar item, registers commands and views, and listens for
 * workspace trust. No scan, no process and no model is started until a command runs.
 */
import * as vscode from 'vscode';
import type { MaskMedPaintApi } from './api';
import { registerCluster } from './cluster/registerCluster';
import { registerCommands } from './commands/registerCommands';
import { registerFineTune } from './fineTune/registerFineTune';
import { registerGpuCommands } from './gpu/setUpGpuCommand';
import type { HostServices } from './hostServices';
import { inpaintToTargetDomain } from './inpaint/inpaintCommand';
import { rerunItemWithMask } from './inpaint/rerunItem';
import { stageSelection } from './inpaint/selectionStaging';
import { recordWarningsAndErrors } from './logging/recordingLogger';
import { registerModelCommands } from './models/registerModelCommands';
import { EngineStatusBar } from './statusBar';
import { registerViews } from './views/registerViews';
import type { ViewsApi } from './views/types';

/** Called by VS Code on the first activation event. */
export function activate(context: vscode.ExtensionContext): MaskMedPaintApi {
  const channel = vscode.window.createOutputChannel('MaskMedPaint', { log: true });
  const problems = new vscode.EventEmitter<string>();
  const { logger, recent } = recordWarningsAndErrors(channel, 200, (line) => problems.fire(line));
  const statusBar = new EngineStatusBar();
  context.subscriptions.push(channel, problems, statusBar);

  let views: ViewsApi | undefined;
  let viewsProblem = 'not registered yet';
  const services: HostServices = {
    context,
    logger,
    statusBar,
    views: () => views,
    viewsProblem: () => viewsProblem,
    isTrusted: () => vscode.workspace.isTrusted,
  };

  try {
    const registered = registerViews(context, {
      logger,
      isTrusted: () => services.isTrusted(),
      startInpaint: (sources) => startInpaintFromSelection(services, sources),
      rerunItem: (manifest, itemId, editedMaskPath) =>
        rerunItemWithMask(services, manifest, itemId, editedMaskPath),
    });
    views = registered.api;
    context.subscriptions.push(registered.disposable);
  } catch (error) {
    // The commands still work without the views; say why the views are missing.
    viewsProblem = error instanceof Error ? error.message : String(error);
    logger.error(
      `views could not be registered: ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  const isTrusted = (): boolean => services.isTrusted();
  context.subscriptions.push(
    registerCommands(services),
    registerCluster(services),
    registerFineTune(context, { logger, isTrusted }),
    registerModelCommands(context, { logger, isTrusted }),
    registerGpuCommands(context, { logger, statusBar }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      logger.info(
        'workspace trusted: model engines and editing in the review panel are now available',
      );
    }),
  );
  return { apiVersion: 1, recentProblems: recent, onDidRecordProblem: problems.event };
}

/** "Inpaint to Target Domain" started from images selected in a view (model debugging). */
async function startInpaintFromSelection(
  services: HostServices,
  sources: vscode.Uri[],
): Promise<void> {
  // The selection's labels CSV lives in the extension's storage, never in the workspace.
  const storage = (services.context.storageUri ?? services.context.globalStorageUri).fsPath;
  const staged = await stageSelection(sources, storage, services.logger);
  if (staged)
    await inpaintToTargetDomain(services, vscode.Uri.file(staged.root), undefined, staged);
}

/** Nothing to do: every resource is owned by a disposable in context.subscriptions. */
export function deactivate(): void {}

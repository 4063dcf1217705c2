/**
 * The commands "Download Model" and "Use Local Model Folder". Models go to the extension's global
 * storage (never the workspace); downloads resume, verify SHA-256, show speed and ETA, can be
 * cancelled, and honour VS Code's `http.proxy`.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadCatalog } from '../../core/models/catalog';
import { installModel } from '../../core/models/installModel';
import { addLocalModel, type AddLocalOptions } from '../../core/models/localModel';
import { formatProgress } from '../../core/models/progressMeter';
import { ModelRegistry, type RegisteredModel } from '../../core/models/registry';
import { CHECK_MODEL_COMMAND, checkModelProvider } from './checkModelCommand';
import { extensionModelCacheDir, type ModelCommandDeps } from './modelCommandDeps';
import {
  confirmationsFor,
  downloadPickRows,
  LOCAL_KIND_CHOICES,
  proxyFromVsCode,
  type LocalKindChoice,
} from './modelChoices';

async function downloadCommand(
  context: vscode.ExtensionContext,
  deps: ModelCommandDeps,
): Promise<RegisteredModel | undefined> {
  const registry = new ModelRegistry(extensionModelCacheDir(context));
  const catalog = loadCatalog();
  const rows = downloadPickRows(catalog.models, await registry.list());
  const picked = await vscode.window.showQuickPick(rows, {
    title: 'MaskMedPaint: Download Model',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked === undefined) return undefined;
  const entry = catalog.models.find((m) => m.id === picked.id);
  if (entry === undefined) return undefined;
  for (const ask of confirmationsFor(entry)) {
    const answer = await vscode.window.showWarningMessage(
      ask.message,
      { modal: true, detail: ask.detail },
      ask.accept,
    );
    if (answer !== ask.accept) return undefined;
  }
  const http = vscode.workspace.getConfiguration('http');
  const proxy = proxyFromVsCode(http.get('proxy'), http.get('noProxy'), process.env);
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Downloading ${entry.title}`,
      cancellable: true,
    },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      let lastPercent = 0;
      try {
        const model = await installModel(entry, registry, {
          acceptLicense: true, // confirmed above
          allowUnverified: true, // confirmed above
          proxy,
          signal: controller.signal,
          onFileStart: (file, index, count) =>
            progress.report({ message: `${file.path} (${index + 1}/${count})` }),
          onProgress: (file, p) => {
            const percent = p.total ? (100 * p.received) / p.total : 0;
            progress.report({
              message: `${file.path}: ${formatProgress(p)}`,
              increment: Math.max(0, (percent - lastPercent) / entry.files.length),
            });
            lastPercent = percent;
          },
        });
        deps.logger.info(
          `model ${model.id} installed at ${model.path} (verified: ${model.verified})`,
        );
        void vscode.window.showInformationMessage(`MaskMedPaint: ${entry.title} is ready.`);
        return model;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof Error && error.name === 'AbortError') {
          deps.logger.info(
            `download of ${entry.id} cancelled; the partial file is kept for resume`,
          );
          void vscode.window.showInformationMessage(
            'MaskMedPaint: download cancelled. Run "Download Model" again to resume.',
          );
        } else {
          deps.logger.error(`download of ${entry.id} failed: ${message}`);
          void vscode.window.showErrorMessage(
            `MaskMedPaint: download of ${entry.title} failed: ${message}`,
          );
        }
        return undefined;
      }
    },
  );
}

async function useLocalFolderCommand(
  context: vscode.ExtensionContext,
  deps: ModelCommandDeps,
): Promise<RegisteredModel | undefined> {
  if (!deps.isTrusted()) {
    void vscode.window.showWarningMessage(
      'MaskMedPaint: trust this workspace to register local models.',
    );
    return undefined;
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Use This Model',
    title: 'A Stable Diffusion ONNX folder or an .onnx file',
  });
  const target = picked?.[0]?.fsPath;
  if (target === undefined) return undefined;
  const registry = new ModelRegistry(extensionModelCacheDir(context));
  const options: AddLocalOptions = {};
  for (;;) {
    try {
      const model = await addLocalModel(target, registry, loadCatalog(), options);
      deps.logger.info(`registered local model ${model.id} (${model.kind}) at ${model.path}`);
      void vscode.window.showInformationMessage(
        `MaskMedPaint: registered ${model.id} (${model.kind}).`,
      );
      return model;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A single .onnx that is not in the catalog: ask what it is, then try again.
      if (/--kind|--engine/.test(message) && options.kind === undefined) {
        const choice = await vscode.window.showQuickPick<LocalKindChoice>([...LOCAL_KIND_CHOICES], {
          title: `What is ${path.basename(target)}?`,
        });
        if (choice === undefined) return undefined;
        options.kind = choice.modelKind;
        if (choice.engine !== undefined) options.engine = choice.engine;
        continue;
      }
      deps.logger.error(`could not register ${target}: ${message}`);
      void vscode.window.showErrorMessage(`MaskMedPaint: ${message}`);
      return undefined;
    }
  }
}

/** "Check Model on GPU Provider" with its errors logged and shown, then rethrown for callers. */
async function checkModelGuarded(
  context: vscode.ExtensionContext,
  deps: ModelCommandDeps,
  model: unknown,
  provider: unknown,
): Promise<unknown> {
  try {
    return await checkModelProvider(context, deps, model, provider);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.logger.error(`Check Model on GPU Provider: ${message}`);
    void vscode.window.showErrorMessage(`MaskMedPaint: ${message}`);
    throw error;
  }
}

/** Register the model commands; the returned disposable owns them. */
export function registerModelCommands(
  context: vscode.ExtensionContext,
  deps: ModelCommandDeps,
): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('maskmedpaint.downloadModel', () =>
      downloadCommand(context, deps),
    ),
    vscode.commands.registerCommand('maskmedpaint.useLocalModelFolder', () =>
      useLocalFolderCommand(context, deps),
    ),
    vscode.commands.registerCommand(CHECK_MODEL_COMMAND, (model?: unknown, provider?: unknown) =>
      checkModelGuarded(context, deps, model, provider),
    ),
  );
}

/** Registration of "MaskMedPaint: Fine-tune Model on Target Domain" (called from activate()). */
import * as vscode from 'vscode';
import { fineTuneOnTargetDomain, type FineTuneDeps } from './fineTuneCommand';

/** Command id contributed in package.json. */
export const FINE_TUNE_COMMAND = 'maskmedpaint.fineTuneModel';

/**
 * Registers the command and returns its disposable (also added to `context.subscriptions`).
 * The command accepts an optional folder Uri (explorer context) as the first target folder guess.
 */
export function registerFineTune(
  context: vscode.ExtensionContext,
  deps: FineTuneDeps,
): vscode.Disposable {
  const disposable = vscode.commands.registerCommand(
    FINE_TUNE_COMMAND,
    async (folder?: unknown) => {
      try {
        return await fineTuneOnTargetDomain(
          context,
          deps,
          folder instanceof vscode.Uri ? folder : undefined,
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        deps.logger.error(`Fine-tune Model on Target Domain: ${message}`);
        void vscode.window.showErrorMessage(`MaskMedPaint: ${message}`);
        return undefined;
      }
    },
  );
  context.subscriptions.push(disposable);
  return disposable;
}

/** Registration of "MaskMedPaint: Merge Cluster Run" (called from activate()). */
import * as vscode from 'vscode';
import type { HostServices } from '../hostServices';
import { mergeClusterRun } from './mergeClusterRun';

/** Command id contributed in package.json. */
export const MERGE_CLUSTER_RUN_COMMAND = 'maskmedpaint.mergeClusterRun';

/** Registers the command; the returned disposable owns it. */
export function registerCluster(services: HostServices): vscode.Disposable {
  return vscode.commands.registerCommand(MERGE_CLUSTER_RUN_COMMAND, async (plan?: unknown) => {
    try {
      return await mergeClusterRun(services, plan);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      services.logger.error(`Merge Cluster Run: ${message}`);
      void vscode.window.showErrorMessage(`MaskMedPaint: ${message}`);
      throw error;
    }
  });
}

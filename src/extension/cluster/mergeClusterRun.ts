/**
 * "MaskMedPaint: Merge Cluster Run": picks a plan file (`maskmedpaint-plan.json`), runs
 * `maskmedpaint merge` (which verifies every shard against the plan), and opens the merged run in
 * the gallery like any run. A shard that is not finished is named in the error, with the command
 * that reruns what is missing.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HostServices } from '../hostServices';
import { failureReason, runCliOnce } from './runCliOnce';

/** What `merge --json` prints. */
interface MergeOutcome {
  out: string;
  manifestPath: string;
  generated: number;
  failed: number;
}

async function pickPlan(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'MaskMedPaint: plan to merge (maskmedpaint-plan.json)',
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    filters: { 'MaskMedPaint plan': ['json'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}

/**
 * Merges the plan `planArg` (a Uri; asked for when absent) and opens the result; resolves to the
 * merged manifest's path, or undefined when cancelled.
 */
export async function mergeClusterRun(
  services: HostServices,
  planArg?: unknown,
): Promise<string | undefined> {
  const plan = planArg instanceof vscode.Uri ? planArg : await pickPlan();
  if (!plan) return undefined;
  const cliPath = services.context.asAbsolutePath(path.join('dist', 'cli.js'));
  const outcome = await runCliOnce(cliPath, { command: 'merge', plan: plan.fsPath });
  if (outcome.stderr.trim()) services.logger.info(outcome.stderr.trim());
  const line = outcome.stdout.trim().split('\n').pop() ?? '';
  if (outcome.code !== 0 && outcome.code !== 1) {
    throw new Error(`the shards were not merged: ${failureReason(outcome)}`);
  }
  const merged = JSON.parse(line) as MergeOutcome;
  services.logger.info(
    `merged ${plan.fsPath} into ${merged.out}: ${merged.generated} generated, ${merged.failed} failed`,
  );
  const views = services.views();
  if (views) await views.showGallery(vscode.Uri.file(merged.manifestPath));
  void vscode.window.showInformationMessage(
    `MaskMedPaint: merged run ${merged.out}: ${merged.generated} generated, ${merged.failed} failed`,
  );
  return merged.manifestPath;
}

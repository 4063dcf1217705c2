/**
 * The wizard's "Run on a cluster" choice: asks for the number of shards and the scheduler, writes
 * the plan (and the Slurm scripts) with `maskmedpaint plan`, and says how to submit it and how to
 * open the merged run afterwards (the "Merge Cluster Run" command).
 */
import * as vscode from 'vscode';
import { cliArguments, type AugmentCliRequest } from '../../shared/cliRequest';
import {
  parseWrittenPlan,
  planRequest,
  submitCommand,
  type ClusterChoice,
} from './clusterArguments';
import { failureReason, runCliOnce } from './runCliOnce';

const TITLE = 'Run on a Cluster';

async function askShards(): Promise<number | undefined> {
  const answer = await vscode.window.showInputBox({
    title: `${TITLE} (1/2): number of shards`,
    prompt: 'One job per shard; each shard holds whole source images (all their augmentations)',
    value: '8',
    ignoreFocusOut: true,
    validateInput: (text) =>
      /^\d+$/.test(text.trim()) && Number(text) >= 1 ? undefined : 'A whole number >= 1',
  });
  return answer === undefined ? undefined : Number(answer.trim());
}

/** The user's cluster choice; undefined when cancelled. */
export async function askClusterChoice(): Promise<ClusterChoice | undefined> {
  const shards = await askShards();
  if (shards === undefined) return undefined;
  const scheduler = await vscode.window.showQuickPick(
    [
      {
        label: 'Slurm',
        detail: 'Also writes an sbatch array job and submit.sh (one GPU per shard)',
        value: 'slurm' as const,
      },
      {
        label: 'Ray',
        detail: 'Run it with python -m maskmedpaint.ray_shards (pip install "maskmedpaint[ray]")',
        value: 'ray' as const,
      },
    ],
    { title: `${TITLE} (2/2): scheduler`, ignoreFocusOut: true },
  );
  if (!scheduler) return undefined;
  if (scheduler.value === 'ray') return { shards, scheduler: 'ray' };
  const partition = await vscode.window.showInputBox({
    title: `${TITLE}: Slurm partition (empty: the cluster's default)`,
    ignoreFocusOut: true,
  });
  if (partition === undefined) return undefined;
  return {
    shards,
    scheduler: 'slurm',
    ...(partition.trim() ? { partition: partition.trim() } : {}),
  };
}

/**
 * Writes a plan for the wizard's run (`run`: its `augment` request) and tells the user what to do
 * next; resolves to the plan file, or undefined when cancelled or failed.
 */
export async function planOnCluster(
  logger: vscode.LogOutputChannel,
  cliPath: string,
  run: AugmentCliRequest,
  choice?: ClusterChoice,
): Promise<string | undefined> {
  const chosen = choice ?? (await askClusterChoice());
  if (!chosen) return undefined;
  const request = planRequest(run, chosen);
  logger.info(`cluster plan: maskmedpaint ${cliArguments(request).join(' ')}`);
  const outcome = await runCliOnce(cliPath, request);
  if (outcome.stderr.trim()) logger.info(outcome.stderr.trim());
  if (outcome.code !== 0) {
    const reason = failureReason(outcome);
    logger.error(`plan failed: ${reason}`);
    void vscode.window.showErrorMessage(`MaskMedPaint: the plan was not written: ${reason}`);
    return undefined;
  }
  const written = parseWrittenPlan(outcome.stdout);
  const command = submitCommand(written, chosen, cliPath);
  logger.info(
    `plan ${written.planPath}: ${written.items} images in ${written.shards} shards; run: ${command}`,
  );
  void vscode.window
    .showInformationMessage(
      `MaskMedPaint: plan written (${written.items} images in ${written.shards} shards). ` +
        `Submit on the cluster with: ${command}. Then run "Merge Cluster Run".`,
      'Copy Command',
      'Reveal Plan',
    )
    .then(async (action) => {
      if (action === 'Copy Command') await vscode.env.clipboard.writeText(command);
      if (action === 'Reveal Plan')
        await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(written.planPath));
    });
  return written.planPath;
}

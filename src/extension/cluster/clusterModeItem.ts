/** The wizard's last-step choice that writes a cluster plan instead of running (planOnCluster.ts). */
import type * as vscode from 'vscode';

/** A quick-pick item with the wizard's mode value. */
export const CLUSTER_MODE_ITEM: vscode.QuickPickItem & { value: 'cluster' } = {
  label: 'Run on a cluster (Slurm or Ray)…',
  detail: 'Writes a plan of shards and a job script; "Merge Cluster Run" opens the result',
  value: 'cluster',
};

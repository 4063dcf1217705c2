/**
 * "Run on a cluster" as CLI requests: the wizard's `augment` request turned into a
 * `maskmedpaint plan` request (same inputs and recipe, for the merged folder), and the command
 * that runs the written plan on the chosen scheduler. Pure, so it is tested without VS Code.
 */
import type { AugmentCliRequest, PlanCliRequest } from '../../shared/cliRequest';

/** What the user chose for the cluster. */
export interface ClusterChoice {
  shards: number;
  scheduler: 'slurm' | 'ray';
  /** Slurm partition; undefined = the cluster's default. */
  partition?: string;
  /** Slurm time limit per shard, e.g. `4:00:00`; undefined = the partition's default. */
  time?: string;
}

/** What `plan --json` prints. */
export interface WrittenPlan {
  planPath: string;
  planDir: string;
  out: string;
  shards: number;
  items: number;
  submitScript?: string;
}

/**
 * The `plan` request for the wizard's run and the user's choice. A preview's limit and the
 * folder wait say how to run, not what: a plan leaves them out.
 */
export function planRequest(run: AugmentCliRequest, choice: ClusterChoice): PlanCliRequest {
  const { command: _command, limit: _limit, waitSeconds: _wait, ...planned } = run;
  return {
    command: 'plan',
    run: planned,
    shards: choice.shards,
    ...(choice.scheduler === 'slurm'
      ? {
          slurm: {
            ...(choice.partition ? { partition: choice.partition } : {}),
            ...(choice.time ? { time: choice.time } : {}),
          },
        }
      : {}),
  };
}

/** Reads what `plan --json` printed. @throws Error when it is not that. */
export function parseWrittenPlan(stdout: string): WrittenPlan {
  const line = stdout.trim().split('\n').pop() ?? '';
  const value = JSON.parse(line) as Partial<WrittenPlan>;
  if (typeof value.planPath !== 'string' || typeof value.shards !== 'number')
    throw new Error(`unexpected output of maskmedpaint plan: ${line}`);
  return value as WrittenPlan;
}

/** Quotes a path for a POSIX shell, for commands the user copies. */
function quoted(text: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The command that runs the written plan on the chosen scheduler (to copy to a login node). */
export function submitCommand(
  written: WrittenPlan,
  choice: ClusterChoice,
  cliPath: string,
): string {
  if (choice.scheduler === 'slurm' && written.submitScript)
    return `bash ${quoted(written.submitScript)}`;
  return (
    `python -m maskmedpaint.ray_shards --plan ${quoted(written.planPath)} ` +
    `--cli ${quoted(`node ${quoted(cliPath)}`)}`
  );
}

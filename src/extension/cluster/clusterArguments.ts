/**
 * "Run on a cluster" as command lines: the wizard's `augment` arguments turned into a
 * `maskmedpaint plan` (same inputs and recipe, for the merged folder), the merge, and the command
 * that runs the plan on the chosen scheduler. Pure, so it is tested without VS Code.
 */

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

/** `augment` options that do not belong in a plan (how to run, not what). */
const RUN_ONLY_OPTIONS: Readonly<Record<string, number>> = {
  '--json': 0,
  '--wait': 1,
  '--limit': 1,
};

/** The `plan` arguments for the `augment` arguments `augmentArgs` and the user's choice. */
export function planArguments(augmentArgs: readonly string[], choice: ClusterChoice): string[] {
  if (augmentArgs[0] !== 'augment') throw new Error('expected augment arguments');
  const args = ['plan'];
  for (let i = 1; i < augmentArgs.length; i++) {
    const arg = augmentArgs[i];
    const skip = RUN_ONLY_OPTIONS[arg];
    if (skip === undefined) args.push(arg);
    else i += skip;
  }
  args.push('--shards', String(choice.shards));
  if (choice.scheduler === 'slurm') {
    args.push('--slurm');
    if (choice.partition) args.push('--partition', choice.partition);
    if (choice.time) args.push('--time', choice.time);
  }
  args.push('--json');
  return args;
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

/**
 * The Slurm scripts `plan --slurm` writes beside the plan: `job.sbatch` (one array task per shard,
 * each running `augment --plan P --shard $SLURM_ARRAY_TASK_ID`), `merge.sbatch` (the merge), and
 * `submit.sh`, the one command for the first submission and every resubmission: it asks `status`
 * which shards are neither done nor running, submits only those as the array, and a merge that
 * Slurm starts once they all succeeded. No scheduler of our own: Slurm queues, places and retries.
 */
import { JobConfigError } from '../jobs/types';
import type { ShardResources } from './planFormat';

/** What the scripts need to know. */
export interface SlurmOptions {
  /** The plan file, absolute (it must be reachable at this path on the compute nodes). */
  planPath: string;
  /** The plan's id; its first 12 characters name the jobs. */
  planId: string;
  resources: ShardResources;
  /** `--gres` for each shard: undefined = `gpu:<resources.gpus>` (none when 0); 'none' = omit. */
  gres?: string;
  partition?: string;
  /** Wall time per shard, Slurm syntax (`4:00:00`, `1-12:00:00`). */
  time?: string;
  account?: string;
  /** Shell command that prepares the environment on each node (`module load nodejs/20`). */
  setup?: string;
  /** Shell command that runs the maskmedpaint CLI on the nodes. */
  cli: string;
}

/** The three scripts, by file name. */
export type SlurmScripts = Record<'job.sbatch' | 'merge.sbatch' | 'submit.sh', string>;

/** Characters an `#SBATCH` value may hold: Slurm reads those lines without a shell. */
const SBATCH_VALUE = /^[A-Za-z0-9_.:,=+@%/-]+$/;

/**
 * Quotes a string for bash (single quotes; a quote inside as `'\''`). Written here because it is
 * one line; a shell-quoting package would quote the same way.
 */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function directive(flag: string, value: string | undefined): string[] {
  if (value === undefined || value === '') return [];
  if (!SBATCH_VALUE.test(value)) {
    throw new JobConfigError(
      `--${flag} "${value}" holds characters an #SBATCH line cannot carry (letters, digits and _.:,=+@%/- only)`,
    );
  }
  return [`#SBATCH --${flag}=${value}`];
}

function gresFor(options: SlurmOptions): string | undefined {
  if (options.gres === 'none') return undefined;
  if (options.gres !== undefined) return options.gres;
  return options.resources.gpus > 0 ? `gpu:${options.resources.gpus}` : undefined;
}

function header(lines: readonly string[]): string[] {
  return ['#!/bin/bash', ...lines];
}

function setupLines(options: SlurmOptions): string[] {
  return options.setup ? ['# Environment (plan --setup):', options.setup] : [];
}

/** The scripts for `options`. @throws JobConfigError for a value an #SBATCH line cannot hold. */
export function slurmScripts(options: SlurmOptions): SlurmScripts {
  const plan = shellQuote(options.planPath);
  const common = [
    ...directive('partition', options.partition),
    ...directive('time', options.time),
    ...directive('account', options.account),
  ];
  const memory = options.resources.memoryMb;
  const job = header([
    `# One shard of the MaskMedPaint plan ${options.planPath} per array task.`,
    '# Written by `maskmedpaint plan --slurm`; submit it with submit.sh beside it, which sets',
    '# --array to the shards still to run, the job name and the log files.',
    '#SBATCH --ntasks=1',
    `#SBATCH --cpus-per-task=${options.resources.cpus}`,
    ...directive('gres', gresFor(options)),
    ...directive('mem', memory === null ? undefined : `${memory}M`),
    ...common,
    'set -euo pipefail',
    ...setupLines(options),
    // exec: Slurm's SIGTERM at the time limit reaches the CLI, which stops after the image in
    // flight, records it and releases the shard's folder; the next submission resumes it.
    `exec ${options.cli} augment --plan ${plan} --shard "$SLURM_ARRAY_TASK_ID"`,
  ]);
  const merge = header([
    `# Merges the shards of the MaskMedPaint plan ${options.planPath} into one run folder.`,
    '#SBATCH --ntasks=1',
    '#SBATCH --cpus-per-task=1',
    ...common,
    'set -euo pipefail',
    ...setupLines(options),
    `exec ${options.cli} merge --plan ${plan}`,
  ]);
  const name = `mmp-${options.planId.slice(0, 12)}`;
  const submit = header([
    `# Submits the shards of the MaskMedPaint plan ${options.planPath} that are neither done nor`,
    '# running (every shard the first time, only the missing and failed ones afterwards), and a',
    '# merge that Slurm starts when they all succeeded. Run it again after a failure: it is the one',
    '# command for every resubmission. Arguments go to sbatch for the shards (e.g. --qos=long).',
    'set -euo pipefail',
    'here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)',
    `plan=${plan}`,
    `name=${shellQuote(name)}`,
    ...setupLines(options),
    'if [ -n "$(squeue -h --name="$name,$name-merge" -o %i)" ]; then',
    '  echo "jobs of this plan are still queued or running (squeue --name=$name,$name-merge): wait for them or scancel them first" >&2',
    '  exit 1',
    'fi',
    'mkdir -p "$here/logs"',
    `shards=$(${options.cli} status --plan "$plan" --todo)`,
    'dependency=()',
    'if [ -n "$shards" ]; then',
    '  job=$(sbatch --parsable --job-name="$name" --array="$shards" --output="$here/logs/shard-%a-%A.out" "$@" "$here/job.sbatch")',
    '  job=${job%%;*}',
    '  dependency=(--dependency="afterok:$job" --kill-on-invalid-dep=yes)',
    '  echo "submitted shards $shards as job $job"',
    'fi',
    'merge=$(sbatch --parsable --job-name="$name-merge" "${dependency[@]}" --output="$here/logs/merge-%j.out" "$here/merge.sbatch")',
    'echo "merge job ${merge%%;*} runs when every shard is done"',
  ]);
  const text = (lines: string[]): string => lines.join('\n') + '\n';
  return { 'job.sbatch': text(job), 'merge.sbatch': text(merge), 'submit.sh': text(submit) };
}

/**
 * `maskmedpaint status --plan P`: which shards of a plan are done, running, failed or missing,
 * read from their folders (no scheduler is asked). `--todo` prints only the shards to run (again),
 * as a Slurm array specification, for `sbatch --array` (submit.sh uses it).
 */
import type { Command } from 'commander';
import { readPlanFile } from '../../core/plan/planFile';
import { arraySpec, planStatus, type ShardState } from '../../core/plan/shardStatus';
import { tty } from '../terminalText';

interface StatusFlags {
  plan: string;
  todo?: boolean;
  json?: boolean;
}

const STATES: readonly ShardState[] = ['done', 'running', 'failed', 'missing'];

/** Adds the `status` command. */
export function register(program: Command): void {
  program
    .command('status')
    .description('show which shards of a plan are done, running, failed or missing')
    .requiredOption('--plan <file>', 'the plan (maskmedpaint-plan.json)')
    .option(
      '--todo',
      'print only the missing and failed shards, as a Slurm array list (e.g. 0-2,5)',
    )
    .option('--json', 'print one JSON object with every shard')
    .action(async (flags: StatusFlags) => {
      const loaded = await readPlanFile(flags.plan);
      const statuses = await planStatus(loaded);
      const todo = statuses
        .filter((s) => s.state === 'missing' || s.state === 'failed')
        .map((s) => s.index);
      if (flags.todo) {
        process.stdout.write(arraySpec(todo) + '\n');
        return;
      }
      if (flags.json) {
        process.stdout.write(
          JSON.stringify({ plan: loaded.path, todo: arraySpec(todo), shards: statuses }) + '\n',
        );
        return;
      }
      const counts = STATES.map(
        (state) => `${statuses.filter((s) => s.state === state).length} ${state}`,
      );
      const lines = [
        tty`plan ${loaded.path}: ${statuses.length} shards, ${counts.join(', ')}`,
        ...statuses.map(
          (s) => tty`  shard ${s.index}  ${s.state.padEnd(7)}  ${s.items} items: ${s.detail}`,
        ),
      ];
      if (todo.length > 0) {
        lines.push(
          tty`to run them again: maskmedpaint augment --plan ${loaded.path} --shard I for I in ${arraySpec(todo)}` +
            ' (on Slurm: bash slurm/submit.sh in the plan folder)',
        );
      } else if (statuses.every((s) => s.state === 'done')) {
        lines.push(tty`every shard is done: maskmedpaint merge --plan ${loaded.path}`);
      }
      process.stdout.write(lines.join('\n') + '\n');
    });
}

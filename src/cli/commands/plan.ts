/**
 * `maskmedpaint plan`: split a run into shards for a cluster. Takes every option of `augment`
 * (the same run, planned for the merged folder `--out`) and writes a plan file that
 * `augment --plan P --shard I` runs shard by shard, `status` follows and `merge` joins; with
 * `--slurm`, also the array job and a submission script (docs/scale-out.md).
 */
import * as path from 'node:path';
import { InvalidArgumentError, type Command, type Option } from 'commander';
import { integerOption } from '../parse';
import { tty } from '../terminalText';
import { writePlan, type PlanSettings } from '../plan/writePlan';
import { shellQuote } from '../../core/plan/slurmScripts';
import { augmentInputs, type AugmentFlags } from './augment';

interface PlanFlags extends AugmentFlags {
  shards: number;
  planDir?: string;
  gpus?: number;
  cpus: number;
  memory?: number;
  slurm?: boolean;
  partition?: string;
  time?: string;
  account?: string;
  gres?: string;
  setup?: string;
  cli?: string;
}

/** `augment` options that mean nothing for a plan. */
const NOT_FOR_PLANS = new Set(['--wait', '--jobs', '--verify', '--plan', '--shard', '--json']);

/** Parses a memory size: MiB (`16000`, `16000M`) or GiB (`16G`). */
function memoryOption(value: string): number {
  const match = /^(\d+)\s*([MG]?)i?B?$/i.exec(value.trim());
  if (!match) throw new InvalidArgumentError(`expected MiB or a size like 16G, got "${value}"`);
  const amount = Number(match[1]) * ((match[2] ?? '').toUpperCase() === 'G' ? 1024 : 1);
  if (amount < 1) throw new InvalidArgumentError(`expected at least 1 MiB, got "${value}"`);
  return amount;
}

/** How the job scripts run this CLI: the Node and script running now, unless --cli says. */
function thisCli(): string {
  return `${shellQuote(process.execPath)} ${shellQuote(path.resolve(process.argv[1] ?? 'maskmedpaint'))}`;
}

/** A copy of one of `augment`'s options (each command checks its own required options). */
function copyOption(option: Option): Option {
  return Object.assign(Object.create(Object.getPrototypeOf(option) as object) as Option, option);
}

function settingsFrom(flags: PlanFlags): PlanSettings {
  return {
    shards: flags.shards,
    cpus: flags.cpus,
    ...(flags.planDir !== undefined ? { planDir: flags.planDir } : {}),
    ...(flags.gpus !== undefined ? { gpus: flags.gpus } : {}),
    ...(flags.memory !== undefined ? { memoryMb: flags.memory } : {}),
    ...(flags.slurm
      ? {
          slurm: {
            cli: flags.cli ?? thisCli(),
            ...(flags.partition !== undefined ? { partition: flags.partition } : {}),
            ...(flags.time !== undefined ? { time: flags.time } : {}),
            ...(flags.account !== undefined ? { account: flags.account } : {}),
            ...(flags.gres !== undefined ? { gres: flags.gres } : {}),
            ...(flags.setup !== undefined ? { setup: flags.setup } : {}),
          },
        }
      : {}),
  };
}

/** Adds the `plan` command (after `augment`, whose options it copies). */
export function register(program: Command): void {
  const augment = program.commands.find((command) => command.name() === 'augment');
  const command = program
    .command('plan')
    .description('split a run into shards for a cluster (Slurm, Ray) and write the plan')
    .requiredOption(
      '--shards <n>',
      'number of shards (whole sources each)',
      integerOption(1, 100000),
    );
  for (const option of augment?.options ?? []) {
    if (!NOT_FOR_PLANS.has(option.long ?? '')) command.addOption(copyOption(option));
  }
  command
    .option(
      '--plan-dir <dir>',
      'folder for the plan, the shards and the scripts (default: <out>-plan)',
    )
    .option(
      '--gpus <n>',
      'GPUs per shard (default: 1 for a model engine off the CPU, else 0)',
      integerOption(0, 64),
    )
    .option('--cpus <n>', 'CPUs per shard', integerOption(1, 1024), 1)
    .option('--memory <size>', 'memory per shard, e.g. 16G or 16000 (MiB)', memoryOption)
    .option('--json', 'print what was written as one JSON object')
    .option('--slurm', 'also write slurm/job.sbatch, merge.sbatch and submit.sh')
    .option('--partition <name>', 'Slurm partition')
    .option('--time <limit>', 'Slurm time limit per shard, e.g. 4:00:00')
    .option('--account <name>', 'Slurm account')
    .option('--gres <spec>', 'Slurm --gres per shard (default gpu:<gpus>; "none" to leave it out)')
    .option('--setup <command>', 'shell command that prepares the environment on each node')
    .option(
      '--cli <command>',
      'shell command that runs maskmedpaint on the nodes (default: this one)',
    )
    .action(async (flags: PlanFlags) => {
      const written = await writePlan(augmentInputs(flags), settingsFrom(flags), {
        stdout: process.stdout,
        stderr: process.stderr,
      });
      if (flags.json) {
        process.stdout.write(JSON.stringify(written) + '\n');
        return;
      }
      const plan = written.planPath;
      const lines = [
        tty`Plan:   ${plan} (${written.items} images in ${written.shards} shards)`,
        tty`Run:    maskmedpaint augment --plan ${plan} --shard I   (I = 0..${written.shards - 1})`,
        ...(written.submitScript
          ? [tty`Slurm:  bash ${written.submitScript}   (again to resubmit what is missing)`]
          : []),
        tty`Status: maskmedpaint status --plan ${plan}`,
        tty`Merge:  maskmedpaint merge --plan ${plan}   (into ${written.out})`,
      ];
      process.stdout.write(lines.join('\n') + '\n');
    });
}

/**
 * `augment --plan P --shard I`: the hook that lets `augment` run one shard of a plan. The plan
 * supplies the inputs, the recipe and the output folder, so no other option of a run may be given
 * with it (`--json`, `--wait`, `--jobs` and `--verify` may: they say how to run, not what).
 */
import type { Command } from 'commander';
import { integerOption } from '../parse';

/** Options that may accompany `--plan`. */
const ALLOWED_WITH_PLAN = new Set(['plan', 'shard', 'json', 'wait', 'jobs', 'verify']);

/** A shard run asked for on the command line. */
export interface ShardRequest {
  plan: string;
  shard: number;
  json: boolean;
  waitSeconds: number;
  /** Threads for the CPU engines (`--jobs`); undefined = the number of cores. */
  jobs?: number;
  /** On resume, hash every recorded output (`--verify`). */
  verify: boolean;
}

/** Adds `--plan` and `--shard` to `augment`, and the check of what may come with them. */
export function addShardOptions(command: Command): Command {
  command
    .option('--plan <file>', 'run one shard of a plan made by `maskmedpaint plan` (with --shard)')
    .option('--shard <i>', 'the shard of --plan to run', integerOption(0, 1_000_000));
  // Registered before the program's required-option check, which runs after this hook.
  command.hook('preAction', (self) => {
    const given = (name: string): boolean => self.getOptionValueSource(name) === 'cli';
    if (self.getOptionValue('shard') !== undefined && !given('plan'))
      self.error('error: --shard needs --plan <file>', {
        code: 'commander.missingMandatoryOptionValue',
      });
    if (!given('plan')) return;
    if (self.getOptionValue('shard') === undefined)
      self.error("error: --plan needs --shard <i> (the shard's index, 0 for the first)", {
        code: 'commander.missingMandatoryOptionValue',
      });
    const extra = self.options
      .filter((option) => !ALLOWED_WITH_PLAN.has(option.attributeName()))
      .filter((option) => given(option.attributeName()))
      .map((option) => option.long ?? option.flags);
    if (extra.length > 0)
      self.error(
        `error: --plan takes the inputs, recipe and output folder from the plan; leave out ${[...new Set(extra)].join(', ')}`,
        { code: 'commander.conflictingOption' },
      );
    // The plan supplies what these name; set so the required-option check lets the run through.
    for (const name of ['source', 'target', 'out'])
      self.setOptionValueWithSource(name, '', 'implied');
  });
  return command;
}

/** The shard run `command`'s options ask for, or undefined for a plain `augment`. */
export function shardRequest(command: Command): ShardRequest | undefined {
  const options = command.opts<{
    plan?: string;
    shard?: number;
    json?: boolean;
    wait?: number;
    jobs?: number;
    verify?: boolean;
  }>();
  if (options.plan === undefined || options.shard === undefined) return undefined;
  return {
    plan: options.plan,
    shard: options.shard,
    json: options.json === true,
    waitSeconds: options.wait ?? 0,
    ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    verify: options.verify === true,
  };
}

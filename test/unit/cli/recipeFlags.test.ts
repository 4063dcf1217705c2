// The recipe flags' parsing: a bad value is a usage error that names the flag and what it allows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommanderError, type Command } from 'commander';
import { createProgram } from '../../../src/cli/program';

/** An augment command line up to the recipe flags (parsing fails before any path is used). */
const inputArgs = (out: string): string[] => [
  'augment',
  ...['--source', '/data/source', '--target', '/data/target', '--out', out],
  ...['--masks', '/data/masks', '--mask-suffix', '_segmentation', '--blend', 'alpha'],
];

/** Parses `args` with the real program, errors captured instead of printed. */
async function usageError(args: string[]): Promise<string> {
  const program = createProgram();
  let printed = '';
  const quiet = (command: Command): void => {
    command.configureOutput({ outputError: (text) => (printed += text), writeErr: () => {} });
    command.commands.forEach(quiet);
  };
  quiet(program);
  try {
    await program.parseAsync(['node', 'maskmedpaint', ...args]);
  } catch (error) {
    if (error instanceof CommanderError) return printed;
    throw error;
  }
  return assert.fail(`expected a usage error for ${args.join(' ')}`);
}

test('bad recipe flag values are usage errors naming the flag and the allowed values', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--strength', '0'], /--strength <x>' argument '0' is invalid\. expected greater than 0/],
    [['--strength', '1.5'], /--strength .*expected greater than 0 and at most 1, got 1\.5/],
    [['--guidance', 'lots'], /--guidance .*expected a number, got "lots"/],
    [['--steps', '2.5'], /--steps .*expected a whole number/],
    [['--scheduler', 'euler'], /--scheduler .*expected one of pndm, ddim, eulerAncestral/],
    [['--provider', 'tpu'], /--provider .*expected one of auto, cuda, dml, coreml, webgpu, cpu/],
    [['--mask-threshold', '0'], /--mask-threshold .*expected 1\.\.255, got 0/],
    [['--blur', '-1'], /--blur .*expected 0\.\.256, got -1/],
    [['--per-class', 'benign'], /--per-class .*expected CLASS=empty or CLASS=whole/],
    [['--per-class', 'benign=blank'], /expected CLASS=empty or CLASS=whole, got "benign=blank"/],
    [
      ['--per-class', 'benign=empty', '--per-class', 'benign=whole'],
      /class "benign" given both empty and whole/,
    ],
  ];
  for (const [flags, message] of cases) {
    const printed = await usageError([...inputArgs('/runs/never'), ...flags]);
    assert.match(printed, message, flags.join(' '));
  }
});

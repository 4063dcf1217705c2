import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommanderError, type Command } from 'commander';
import { createProgram } from '../../../src/cli/program';

/** Parses `args` with the real program, errors captured instead of printed; returns the error. */
async function parseError(args: string[]): Promise<{ error: CommanderError; printed: string }> {
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
    if (error instanceof CommanderError) return { error, printed };
    throw error;
  }
  assert.fail(`expected a usage error for ${args.join(' ')}`);
}

test('an unknown option is reported before a missing required option', async () => {
  const { error, printed } = await parseError(['augment', '--bogus', '--source', 'a']);
  assert.equal(error.code, 'commander.unknownOption');
  assert.match(printed, /unknown option '--bogus'/);
  assert.doesNotMatch(printed, /required option/);
});

test('a missing required option is still reported when every option is known', async () => {
  const { error, printed } = await parseError(['augment', '--source', 'a', '--target', 'b']);
  assert.equal(error.code, 'commander.missingMandatoryOptionValue');
  assert.match(printed, /required option '--out <dir>' not specified/);
});

test('every command checks their required options too', async () => {
  const { error } = await parseError(['rerun', 'm.json', 'id']);
  assert.equal(error.code, 'commander.missingMandatoryOptionValue');
});

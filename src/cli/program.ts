/** Builds the `maskmedpaint` command-line program and runs it with the documented exit codes. */
import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../core/util/toolVersion';
import { COMMANDS } from './commands/index';
import { EXIT_INTERNAL, EXIT_USAGE, isConfigurationError } from './exitCodes';
import { checkRequiredOptionsLast } from './parse';

/** The program with every command registered; commander errors are thrown, not exited on. */
export function createProgram(): Command {
  const program = new Command('maskmedpaint')
    .description(
      'Keep the label-carrying key region of training images and regenerate the rest toward a target domain (MaskMedPaint).',
    )
    .version(TOOL_VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  for (const command of COMMANDS) command.register(program);
  for (const command of program.commands) {
    command.exitOverride();
    checkRequiredOptionsLast(command);
  }
  return program;
}

/** Runs the CLI on `argv` (node-style, i.e. with the executable and script) and returns the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed the message; help and --version end with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (isConfigurationError(error)) {
      process.stderr.write(`maskmedpaint: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(
      `maskmedpaint: internal error (please report): ${(error as Error).stack ?? String(error)}\n`,
    );
    return EXIT_INTERNAL;
  }
}

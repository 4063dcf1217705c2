/** Builds the `maskmedpaint` command-line program and runs it with the documented exit codes. */
import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../core/util/toolVersion';
import { COMMANDS } from './commands/index';
import { describeEnvironmentError } from './environmentError';
import { EXIT_INTERNAL, EXIT_USAGE, isConfigurationError } from './exitCodes';
import { checkRequiredOptionsLast } from './parse';
import { errorMessageLines, escapeControls } from './terminalText';

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
      const described = describeEnvironmentError(error);
      const lines =
        described !== undefined ? [escapeControls(described)] : errorMessageLines(error);
      process.stderr.write(`maskmedpaint: ${lines.join('\n')}\n`);
      return EXIT_USAGE;
    }
    // The message escaped like any other, then the stack's frames (one per line) for the report.
    const name = error instanceof Error ? `${error.name}: ` : '';
    const frames = (error instanceof Error ? (error.stack ?? '') : '')
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .map(escapeControls);
    const report = [`${name}${errorMessageLines(error).join('\n')}`, ...frames].join('\n');
    process.stderr.write(`maskmedpaint: internal error (please report): ${report}\n`);
    return EXIT_INTERNAL;
  }
}

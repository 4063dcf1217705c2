/**
 * Runs a short CLI command (`plan`, `merge`) to its end through the extension's one CLI runner
 * (jobs/cliJobProcess.ts), collecting what it prints: like the augment job, no file is read or
 * written on the extension host thread.
 */
import type { CliRequest } from '../../shared/cliRequest';
import { startCliJob } from '../jobs/cliJobProcess';

/** How the command ended. */
export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI for `request` and resolves when it exits. */
export async function runCliOnce(cliPath: string, request: CliRequest): Promise<CliOutcome> {
  const stdout: string[] = [];
  const job = startCliJob(cliPath, request, {
    // `plan --json` and `merge --json` print one JSON object, not job events: it comes as text.
    onEvent: (event) => stdout.push(JSON.stringify(event)),
    onText: (text, stream) => {
      if (stream === 'stdout') stdout.push(text);
    },
  });
  const end = await job.done;
  return { code: end.exitCode, stdout: stdout.join('\n'), stderr: end.stderr };
}

/** The last lines of stderr (or the exit code) as a reason for an error message. */
export function failureReason(outcome: CliOutcome): string {
  return (
    outcome.stderr.trim().split('\n').slice(-3).join(' ') || `exit code ${String(outcome.code)}`
  );
}

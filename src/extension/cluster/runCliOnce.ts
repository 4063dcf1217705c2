/**
 * Runs a short CLI command (`plan`, `merge`) to its end in a child process with the extension
 * host's own Node, collecting its output: like the augment job (jobs/cliJobProcess.ts), no file
 * is read or written on the extension host thread.
 */
import { spawn } from 'node:child_process';

/** How the command ended. */
export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node cliPath ...args` and resolves when it exits. */
export function runCliOnce(cliPath: string, args: readonly string[]): Promise<CliOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      // The extension host may be Electron: make its binary behave as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ORT_DISABLE_TELEMETRY: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', (error) =>
      resolve({ code: null, stdout, stderr: `${stderr}${error.message}\n` }),
    );
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The last lines of stderr (or the exit code) as a reason for an error message. */
export function failureReason(outcome: CliOutcome): string {
  return (
    outcome.stderr.trim().split('\n').slice(-3).join(' ') || `exit code ${String(outcome.code)}`
  );
}

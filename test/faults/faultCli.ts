/**
 * Runs the real CLI bundle in a child process with file-system faults injected
 * (injectFsFault.cjs), the way the fault-injection tier drives every environment failure end to end.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { cliBundle } from '../e2e/helpers/cliHarness';

export { buildCli, removeCli } from '../e2e/helpers/cliHarness';

/** One injected failure; see injectFsFault.cjs. */
export interface FsFault {
  op: 'mkdir' | 'open' | 'readFile' | 'write' | 'rename';
  /** A substring of the path the call must concern. */
  match: string;
  code?: string;
  /** For rename: the source disappears first (another process cleaned the folder). */
  vanish?: boolean;
}

/** How the CLI ended: exit code and everything it printed. */
export interface FaultResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const PRELOAD = path.join(__dirname, 'injectFsFault.cjs');

/** Runs `maskmedpaint ARGS` with `faults` injected; resolves when it exits. */
export function runWithFaults(
  args: readonly string[],
  faults: readonly FsFault[] = [],
): Promise<FaultResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', PRELOAD, cliBundle, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MMP_FS_FAULTS: JSON.stringify(faults), ORT_DISABLE_TELEMETRY: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The contract of every environment failure: exit 2, one plain message, no "internal error", no stack. */
export function assertPlainEnvironmentFailure(result: FaultResult, message: RegExp): void {
  const where = `exit ${String(result.code)}\n${result.stderr}`;
  assert.equal(result.code, 2, where);
  assert.doesNotMatch(result.stderr, /internal error/, where);
  assert.doesNotMatch(result.stderr, /\n\s+at /, `a stack trace: ${where}`);
  assert.match(result.stderr, message);
}

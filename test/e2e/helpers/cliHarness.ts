/**
 * Runs the CLI bundle as a child process, the way users and the extension run it. The end-to-end
 * and fault tiers share ONE build: scripts/run-unit-tests.mjs bundles the CLI and the worker once
 * (scripts/build-test-cli.mjs) and names the folder in MMP_TEST_CLI_DIR. A test file run on its own,
 * without the runner, builds a private copy the first time it asks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const sharedDir = process.env.MMP_TEST_CLI_DIR;
// Inside the repository so the bundle resolves sharp from node_modules like dist/cli.js does.
const bundleDir = sharedDir ?? path.join(repoRoot, 'test-artifacts', `cli-${process.pid}`);
export const cliBundle = path.join(bundleDir, 'cli.js');
/**
 * The CLI's per-user model cache in these tests (unless MASKMEDPAINT_MODELS_DIR says otherwise):
 * one per test file's process, so files running in parallel never share a registry.
 */
export const cliModelCache =
  process.env.MASKMEDPAINT_MODELS_DIR ?? path.join(bundleDir, `models-cache-${process.pid}`);

let built: Promise<void> | undefined = sharedDir ? Promise.resolve() : undefined;

/**
 * Makes sure the CLI bundle exists, with worker.js beside it (the diffusion and plain-inpainter
 * engines fork their inference worker from there, as dist/ ships them): the shared build, or a
 * private one.
 */
export async function buildCli(): Promise<void> {
  built ??= import('../../../scripts/build-test-cli.mjs').then(({ buildTestCli }) =>
    buildTestCli(bundleDir, repoRoot),
  );
  await built;
}

/** Removes what this test file's process made: its model cache, and its private build if any. */
export function removeCli(): void {
  rmSync(sharedDir ? cliModelCache : bundleDir, { recursive: true, force: true });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * A signal the CLI sends itself at an exact point of its work (see signalAt.cjs), instead of one
 * the test sends when an event arrives, which a loaded machine can deliver too late.
 */
export interface SignalAt {
  signal: 'SIGKILL' | 'SIGINT' | 'SIGTERM' | 'SIGSTOP';
  when: 'beforeRename' | 'afterRename' | 'afterJournal';
  /** A substring of the renamed file's destination, or of the journal line. */
  match: string;
}

const SIGNAL_AT_PRELOAD = path.join(__dirname, 'signalAt.cjs');

/**
 * Runs the CLI; `onStdoutLine` sees each stdout line as it arrives (and may kill the child);
 * `signalAt` makes the CLI signal itself at a chosen point; `onStderr` sees the stderr written so
 * far each time more arrives.
 */
export function runCliProcess(
  args: readonly string[],
  onStdoutLine?: (line: string, child: ChildProcess) => void,
  signalAt?: SignalAt,
  onStderr?: (stderrSoFar: string) => void,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const preload = signalAt ? ['--require', SIGNAL_AT_PRELOAD] : [];
    const child = spawn(process.execPath, [...preload, cliBundle, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      // The CLI's per-user model cache (registry, remembered model hashes) stays with the tests,
      // so they neither read nor write the user's.
      env: {
        ...process.env,
        MASKMEDPAINT_MODELS_DIR: cliModelCache,
        ...(signalAt ? { MMP_SIGNAL_AT: JSON.stringify(signalAt) } : {}),
      },
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        onStdoutLine?.(pending.slice(0, newline), child);
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      onStderr?.(stderr);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

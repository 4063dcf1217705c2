/**
 * Builds the CLI bundle once (esbuild, like `npm run build`, but only the CLI entry and into a
 * private folder so parallel builds of other bundles do not interfere) and runs it as a child
 * process, the way users and the extension run it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
// Inside the repository so the bundle resolves sharp from node_modules like dist/cli.js does.
const bundleDir = path.join(repoRoot, 'test-artifacts', `cli-${process.pid}`);
export const cliBundle = path.join(bundleDir, 'cli.js');
/** The CLI's per-user model cache in these tests (unless MASKMEDPAINT_MODELS_DIR says otherwise). */
export const cliModelCache =
  process.env.MASKMEDPAINT_MODELS_DIR ?? path.join(bundleDir, 'models-cache');

/** The CLI and the job runner's pool thread beside it (dist/cli.js and dist/augmentThread.js). */
export async function buildCli(): Promise<void> {
  const entries = [
    ['cli.js', path.join(repoRoot, 'src', 'cli', 'main.ts')],
    ['augmentThread.js', path.join(repoRoot, 'src', 'core', 'jobs', 'pool', 'augmentThread.ts')],
  ] as const;
  for (const [name, entry] of entries) {
    await esbuild.build({
      entryPoints: [entry],
      outfile: path.join(bundleDir, name),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode', 'sharp', 'onnxruntime-node'],
      logLevel: 'error',
    });
  }
}

/**
 * The CLI plus worker.js beside it: the diffusion and plain-inpainter engines fork their inference
 * worker from there, as dist/ ships them.
 */
export async function buildCliWithWorker(): Promise<void> {
  await buildCli();
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'src', 'worker', 'main.ts')],
    outfile: path.join(bundleDir, 'worker.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['sharp', 'onnxruntime-node'],
    logLevel: 'error',
  });
}

export function removeCli(): void {
  rmSync(bundleDir, { recursive: true, force: true });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI; `onStdoutLine` sees each stdout line as it arrives (and may kill the child).
 */
export function runCliProcess(
  args: readonly string[],
  onStdoutLine?: (line: string, child: ChildProcess) => void,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBundle, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      // The CLI's per-user model cache (registry, remembered model hashes) stays with the bundle,
      // so tests neither read nor write the user's.
      env: { ...process.env, MASKMEDPAINT_MODELS_DIR: cliModelCache },
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
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

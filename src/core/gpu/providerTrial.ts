/**
 * Tries execution providers for `gpu status`, each in a child process of its own (see
 * providerTrialMain.ts) started with the environment the inference worker gets, so a trial sees
 * exactly what the worker would, and a provider that crashes its process is reported, not fatal.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProviderName } from '../backend/ort';
import type { WebGpuLayout } from '../backend/webgpuLayout';

/** The 9-channel convolution probe's outcome. */
export interface ProbeOutcome {
  ok: boolean;
  maxAbsDiff: number;
}

/** What one trial found (the child's JSON line). */
export interface TrialReport {
  provider: ProviderName;
  loads: boolean;
  error?: string;
  probe?: ProbeOutcome;
  /** WebGPU: the layout the probe (and every run) used, and the probe in the other layout. */
  layout?: WebGpuLayout;
  otherLayout?: ProbeOutcome & { layout: WebGpuLayout };
}

export interface TrialOptions {
  env: NodeJS.ProcessEnv;
  /** The trial entry and Node flags; defaults to dist/providerTrial.js or the sources with tsx. */
  entry?: { path: string; execArgv: string[] };
  /** A trial still running after this is stopped and reported (default 120 s: WebGPU on a CPU). */
  timeoutMs?: number;
}

/** The trial entry of the running build. */
export function defaultTrialEntry(): { path: string; execArgv: string[] } {
  const bundled = join(__dirname, 'providerTrial.js');
  if (__filename.endsWith('.js') && existsSync(bundled)) return { path: bundled, execArgv: [] };
  return { path: join(__dirname, 'providerTrialMain.ts'), execArgv: ['--import', 'tsx'] };
}

/** Reads the child's report, or describes how the child ended without one. */
export function interpretTrial(
  provider: ProviderName,
  stdout: string,
  stderr: string,
  exit: { code: number | null; signal: NodeJS.Signals | null; timedOut: boolean },
): TrialReport {
  const line = stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (line !== undefined) {
    try {
      const report = JSON.parse(line) as TrialReport;
      if (report.provider === provider && typeof report.loads === 'boolean') return report;
    } catch {
      // fall through: a damaged line is reported as the child's failure below
    }
  }
  const lastError = stderr.trim().split('\n').at(-1) ?? '';
  const how = exit.timedOut
    ? 'did not finish in time'
    : exit.signal
      ? `crashed the process that loaded it (signal ${exit.signal})`
      : `ended the trial with exit code ${String(exit.code)}`;
  return { provider, loads: false, error: `${how}${lastError ? `: ${lastError}` : ''}` };
}

/**
 * onnxruntime's own log names the library that failed to load (its exception only says "Failed to
 * load shared library"); that detail is added to the report.
 */
export function withLoadDetail(report: TrialReport, stderr: string): TrialReport {
  if (report.loads) return report;
  // eslint-disable-next-line no-control-regex -- onnxruntime colours its log lines
  const plain = stderr.replace(/\x1b\[[0-9;]*m/g, '');
  const match = /Failed to load library (\S+) with error: ([^\n]+)/.exec(plain);
  if (!match) return report;
  return { ...report, error: `${report.error ?? 'did not load'} (${match[2].trim()})` };
}

/**
 * onnxruntime's CUDA errors carry the C++ signature of its error helper twice; the user needs the
 * CUDA error and the call that failed ("CUDA failure 35: CUDA driver version is insufficient for
 * CUDA runtime version (cudaSetDevice)").
 */
export function conciseError(report: TrialReport): TrialReport {
  const match = /(CUDA(?:NN)? failure \d+: [^;]+?)\s*;.*?expr=([A-Za-z_]+)/s.exec(
    report.error ?? '',
  );
  return match ? { ...report, error: `${match[1].trim()} (${match[2]})` } : report;
}

/** Tries one provider in a child process. */
export function tryProvider(provider: ProviderName, options: TrialOptions): Promise<TrialReport> {
  const entry = options.entry ?? defaultTrialEntry();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...entry.execArgv, entry.path, provider], {
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on(
      'data',
      (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)),
    );
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 120_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ provider, loads: false, error: `could not start the trial: ${error.message}` });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve(
        conciseError(
          withLoadDetail(
            interpretTrial(provider, stdout, stderr, { code, signal, timedOut }),
            stderr,
          ),
        ),
      );
    });
  });
}

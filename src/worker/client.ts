/**
 * WorkerClient: the one way the CLI and the extension run diffusion. It forks the inference worker
 * on first use, stops it after an idle timeout, restarts it once (with a clear message) when it dies
 * during a job, and kills it on a hard cancel.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { providerEnvironment } from '../core/gpu/providerEnvironment';
import {
  type BackendInfo,
  type FromWorkerMessage,
  type GenerateJob,
  isFromWorkerMessage,
  type ToWorkerMessage,
  type WireImage,
  type WireProgress,
} from '../shared/workerProtocol';

export interface WorkerClientOptions {
  /** Worker entry: dist/worker.js beside the bundle, or src/worker/main.ts when run from sources. */
  entry?: string;
  /** Node flags for the worker (the sources need `--import tsx`). */
  execArgv?: string[];
  /** Stop the worker after this long without a job (default 60 s). */
  idleTimeoutMs?: number;
  /** Messages for people (e.g. the crash-and-restart notice). */
  log?: (message: string) => void;
  /** Called whenever a worker process ends (idle stop, crash, kill); for diagnostics and tests. */
  onWorkerExit?: (info: {
    pid: number | undefined;
    code: number | null;
    signal: NodeJS.Signals | null;
  }) => void;
}

export interface GenerateCallbacks {
  onProgress?: (progress: WireProgress) => void;
  /** Cooperative cancel: the worker stops before its next step. */
  signal?: AbortSignal;
}

/** The worker exited during a job twice in a row. */
export class WorkerCrashedError extends Error {
  constructor(detail: string) {
    super(`The inference worker crashed again after a restart (${detail}); giving up on this job.`);
    this.name = 'WorkerCrashedError';
  }
}

interface PendingJob {
  job: GenerateJob;
  callbacks: GenerateCallbacks;
  restarted: boolean;
  resolve: (value: { images: WireImage[]; backend: BackendInfo }) => void;
  reject: (error: Error) => void;
}

/** The default worker entry for the running build. */
export function defaultWorkerEntry(): { entry: string; execArgv: string[] } {
  const bundled = join(__dirname, 'worker.js');
  if (__filename.endsWith('.js') && existsSync(bundled)) return { entry: bundled, execArgv: [] };
  return { entry: join(__dirname, 'main.ts'), execArgv: ['--import', 'tsx'] };
}

export class WorkerClient {
  private child: ChildProcess | undefined;
  private nextJobId = 1;
  private readonly pending = new Map<number, PendingJob>();
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly entry: string;
  private readonly execArgv: string[];

  constructor(private readonly options: WorkerClientOptions = {}) {
    const fallback = defaultWorkerEntry();
    this.entry = options.entry ?? fallback.entry;
    this.execArgv = options.execArgv ?? (options.entry ? [] : fallback.execArgv);
  }

  /** The worker's process id while it runs (tests and diagnostics). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Runs one job in the worker, starting it if needed. */
  generate(
    job: GenerateJob,
    callbacks: GenerateCallbacks = {},
  ): Promise<{ images: WireImage[]; backend: BackendInfo }> {
    return new Promise((resolve, reject) => {
      if (callbacks.signal?.aborted) {
        reject(abortError());
        return;
      }
      const jobId = this.nextJobId++;
      this.pending.set(jobId, { job, callbacks, restarted: false, resolve, reject });
      callbacks.signal?.addEventListener('abort', () => this.send({ type: 'cancel', jobId }), {
        once: true,
      });
      this.clearIdle();
      try {
        this.send({ type: 'generate', jobId, job });
      } catch (error) {
        this.pending.delete(jobId);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Hard cancel: kills the worker now; every pending job fails with an AbortError. */
  killNow(): void {
    const child = this.child;
    this.child = undefined;
    this.failAll(abortError());
    child?.kill('SIGKILL');
  }

  /** Stops the worker (gracefully) and fails pending jobs. */
  async dispose(): Promise<void> {
    this.clearIdle();
    const child = this.child;
    this.child = undefined;
    this.failAll(new Error('the inference worker was stopped'));
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      // An idle worker is unref'd; waiting for its exit must keep this process alive.
      child.ref();
      if (child.connected) child.send({ type: 'shutdown' } satisfies ToWorkerMessage);
      else child.kill();
      await exited;
    }
  }

  private send(message: ToWorkerMessage): void {
    const child = this.child ?? this.start();
    // While a job is pending the worker keeps this process alive; when idle it must not.
    child.ref();
    child.channel?.ref();
    child.send(message);
  }

  private start(): ChildProcess {
    if (!existsSync(this.entry)) {
      throw new Error(
        `the inference worker is missing: ${this.entry} (build it with \`npm run build\`)`,
      );
    }
    const child = fork(this.entry, [], {
      execArgv: this.execArgv,
      serialization: 'advanced',
      env: providerEnvironment({ ...process.env, ORT_DISABLE_TELEMETRY: '1' }),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (message: unknown) => {
      if (isFromWorkerMessage(message)) this.onMessage(message);
    });
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
    this.child = child;
    return child;
  }

  private onMessage(message: FromWorkerMessage): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'progress':
        this.pending.get(message.jobId)?.callbacks.onProgress?.(message.progress);
        return;
      case 'result':
        this.settle(message.jobId, (p) =>
          p.resolve({ images: message.images, backend: message.backend }),
        );
        return;
      case 'failed': {
        const error = new Error(message.error.message);
        error.name = message.error.name;
        this.settle(message.jobId, (p) => p.reject(error));
        return;
      }
      default: {
        const unreachable: never = message;
        throw new Error(`unhandled worker message ${JSON.stringify(unreachable)}`);
      }
    }
  }

  private settle(jobId: number, action: (pending: PendingJob) => void): void {
    const pending = this.pending.get(jobId);
    if (!pending) return;
    this.pending.delete(jobId);
    action(pending);
    if (this.pending.size === 0) this.armIdle();
  }

  /** The worker died: jobs it held are resubmitted once to a fresh worker, then failed. */
  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    this.options.onWorkerExit?.({ pid: child.pid, code, signal });
    if (this.child !== child) return;
    this.child = undefined;
    if (this.pending.size === 0) return;
    const detail = signal ? `signal ${signal}` : `exit code ${String(code)}`;
    const jobs = [...this.pending.entries()];
    const retry = jobs.filter(([, p]) => !p.restarted && !p.callbacks.signal?.aborted);
    for (const [jobId, p] of jobs) {
      if (retry.some(([id]) => id === jobId)) continue;
      this.pending.delete(jobId);
      p.reject(p.callbacks.signal?.aborted ? abortError() : new WorkerCrashedError(detail));
    }
    if (retry.length === 0) return;
    this.options.log?.(
      `The inference worker stopped unexpectedly (${detail}); restarting it once and retrying ${retry.length} job(s).`,
    );
    for (const [jobId, p] of retry) {
      p.restarted = true;
      this.send({ type: 'generate', jobId, job: p.job });
    }
  }

  private failAll(error: Error): void {
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const p of jobs) p.reject(error);
  }

  private armIdle(): void {
    this.clearIdle();
    this.idleTimer = setTimeout(() => void this.dispose(), this.options.idleTimeoutMs ?? 60_000);
    // An idle worker must not keep the CLI alive.
    this.idleTimer.unref();
    this.child?.unref();
    this.child?.channel?.unref();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}

function abortError(): Error {
  return new DOMException('The generation was cancelled', 'AbortError');
}

let shared: WorkerClient | undefined;

/** The process-wide client the CLI and the extension share. */
export function sharedWorkerClient(options?: WorkerClientOptions): WorkerClient {
  shared ??= new WorkerClient(options);
  return shared;
}

/** Stops the shared client's worker, if any (the extension calls this from deactivate()). */
export async function disposeSharedWorkerClient(): Promise<void> {
  const client = shared;
  shared = undefined;
  await client?.dispose();
}

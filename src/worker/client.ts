/**
 * WorkerClient: the CLI's connection to the inference worker, the child process that hosts every
 * ONNX Runtime session. It forks the worker on the first request, stops it after an idle timeout,
 * restarts it once (with a clear message) when it dies while requests are waiting, and kills it on
 * a hard cancel. Requests and their answers travel through the shared message transport.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { providerEnvironment } from '../core/gpu/providerEnvironment';
import { abortError, type Envelope, isEnvelope } from '../shared/messageTransport';
import { RequestChannel, type RequestOptions } from '../shared/requestChannel';
import type { ClientNotice, WorkerProtocol } from '../shared/workerProtocol';
import { WORKER_GUARDS } from '../shared/workerProtocolGuards';

export interface WorkerClientOptions {
  /** Worker entry: dist/worker.js beside the bundle, or src/worker/main.ts when run from sources. */
  entry?: string;
  /** Node flags for the worker (the sources need `--import tsx`). */
  execArgv?: string[];
  /** Stop the worker after this long without a request (default 60 s). */
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

/** The worker exited during a request twice in a row. */
export class WorkerCrashedError extends Error {
  constructor(detail: string) {
    super(`The inference worker crashed again after a restart (${detail}); giving up on this job.`);
    this.name = 'WorkerCrashedError';
  }
}

/** The default worker entry for the running build. */
export function defaultWorkerEntry(): { entry: string; execArgv: string[] } {
  const bundled = join(__dirname, 'worker.js');
  if (__filename.endsWith('.js') && existsSync(bundled)) return { entry: bundled, execArgv: [] };
  return { entry: join(__dirname, 'main.ts'), execArgv: ['--import', 'tsx'] };
}

/** A worker method's name. */
export type WorkerMethod = keyof WorkerProtocol;

export class WorkerClient {
  private child: ChildProcess | undefined;
  private readonly channel = new RequestChannel<WorkerProtocol>(WORKER_GUARDS, (envelope) =>
    this.post(envelope),
  );
  /** Requests already sent again once after a crash. */
  private readonly restarted = new Set<number>();
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

  /** Sends one request to the worker, starting it if needed; resolves with its validated result. */
  request<M extends WorkerMethod>(
    method: M,
    params: WorkerProtocol[M]['params'],
    options: RequestOptions<WorkerProtocol[M]['progress']> = {},
  ): Promise<WorkerProtocol[M]['result']> {
    this.clearIdle();
    return this.channel.request(method, params, options).finally(() => {
      if (this.channel.size === 0) this.armIdle();
    });
  }

  /** Hard cancel: kills the worker now; every waiting request fails with an AbortError. */
  killNow(): void {
    const child = this.child;
    this.child = undefined;
    this.channel.failAll(abortError());
    child?.kill('SIGKILL');
  }

  /** Stops the worker (gracefully) and fails waiting requests. */
  async dispose(): Promise<void> {
    this.clearIdle();
    const child = this.child;
    this.child = undefined;
    this.channel.failAll(new Error('the inference worker was stopped'));
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      // An idle worker is unref'd; waiting for its exit must keep this process alive.
      child.ref();
      const shutdown: ClientNotice = { type: 'shutdown' };
      if (child.connected) child.send({ kind: 'notice', notice: shutdown } satisfies Envelope);
      else child.kill();
      await exited;
    }
  }

  private post(envelope: Envelope): void {
    // A cancel for a worker that is gone has nothing to stop (and must not start one).
    if (envelope.kind === 'cancel' && !this.child) return;
    const child = this.child ?? this.start();
    // While a request waits the worker keeps this process alive; when idle it must not.
    child.ref();
    child.channel?.ref();
    child.send(envelope);
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
    // Notices ("ready") carry nothing the client needs; answers go to the channel.
    child.on('message', (message: unknown) => {
      if (isEnvelope(message)) this.channel.receive(message);
    });
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
    this.child = child;
    return child;
  }

  /** The worker died: requests it held are sent once to a fresh worker, then failed. */
  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    this.options.onWorkerExit?.({ pid: child.pid, code, signal });
    if (this.child !== child) return;
    this.child = undefined;
    const waiting = this.channel.inFlight();
    if (waiting.length === 0) return;
    const detail = signal ? `signal ${signal}` : `exit code ${String(code)}`;
    const retry = waiting.filter((r) => !this.restarted.has(r.id) && !r.cancelled);
    for (const request of waiting) {
      if (retry.includes(request)) continue;
      this.channel.fail(
        request.id,
        request.cancelled ? abortError() : new WorkerCrashedError(detail),
      );
    }
    if (retry.length === 0) return;
    this.options.log?.(
      `The inference worker stopped unexpectedly (${detail}); restarting it once and retrying ${retry.length} job(s).`,
    );
    for (const request of retry) {
      this.restarted.add(request.id);
      this.channel.resend(request.id);
    }
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

let shared: WorkerClient | undefined;

/** The process-wide client: the CLI's commands share one worker. */
export function sharedWorkerClient(options?: WorkerClientOptions): WorkerClient {
  shared ??= new WorkerClient(options);
  return shared;
}

/** Stops the shared client's worker, if any. */
export async function disposeSharedWorkerClient(): Promise<void> {
  const client = shared;
  shared = undefined;
  await client?.dispose();
}

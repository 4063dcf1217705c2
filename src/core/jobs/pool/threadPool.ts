/**
 * The job runner's pool of augmentation threads (worker_threads through workerpool): each thread
 * runs whole groups (one source's pending items: decode, engine, measure, encode) with its own
 * engine, so every core works; the runner writes their outcomes and commits the records in plan
 * order. Their heaps start larger than V8's default (threadHeap.ts).
 *
 * The thread's script is dist/augmentThread.js beside the bundle that runs the job (dist/cli.js),
 * or, when the sources run under tsx (tests, benchmarks), the TypeScript entry loaded through
 * tsx's require hook (a worker thread does not inherit the ESM hooks of `--import tsx`).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import workerpool from 'workerpool';
import type { ItemOutcome } from '../generateGroup';
import type { GroupTask, GroupTaskResult, ThrownError } from './groupTask';
import { configureThreadHeaps } from './threadHeap';

/** The default pool size: one thread per core the process may use. */
export function defaultJobs(): number {
  return availableParallelism();
}

/** The pool thread's script, and whether it is code to evaluate rather than a file. */
function threadScript(): { script: string; evaluate: boolean } {
  const bundled = path.join(__dirname, 'augmentThread.js');
  if (existsSync(bundled)) return { script: bundled, evaluate: false };
  const source = path.join(__dirname, 'augmentThread.ts');
  if (existsSync(source)) {
    return {
      script: `require('tsx/cjs'); require(${JSON.stringify(source)});`,
      evaluate: true,
    };
  }
  throw new Error(`the augmentation thread script is missing: ${bundled} (run the build)`);
}

/** N threads that run groups; {@link close} when the run ends. */
export class AugmentThreadPool {
  private constructor(private readonly pool: workerpool.Pool) {}

  /** Starts a pool of `threads` threads (at least one). */
  static start(threads: number): AugmentThreadPool {
    const { script, evaluate } = threadScript();
    configureThreadHeaps();
    const size = Math.max(1, Math.floor(threads));
    return new AugmentThreadPool(
      workerpool.pool(script, {
        minWorkers: size,
        maxWorkers: size,
        workerType: 'thread',
        ...(evaluate ? { workerThreadOpts: { eval: true } } : {}),
      }),
    );
  }

  /**
   * Runs one group in the next free thread; its outcomes in plan order (encoded images as
   * Uint8Array: a Buffer crosses between threads as its plain view).
   * @throws the error that stopped the group in the thread, as the same kind of error.
   */
  async runGroup(task: GroupTask): Promise<ItemOutcome[]> {
    const result = (await this.pool.exec('runGroup', [task])) as GroupTaskResult;
    if ('thrown' in result) throw rebuiltError(result.thrown);
    return result.outcomes;
  }

  /** Stops the threads after the groups they are running. */
  async close(): Promise<void> {
    await this.pool.terminate();
  }
}

/**
 * An error from a thread as the runner would have thrown it itself: name, message and errno fields
 * kept, the thread's stack kept for reports.
 */
function rebuiltError(thrown: ThrownError): Error {
  const error = Object.assign(new Error(thrown.message), {
    name: thrown.name,
    ...(thrown.code !== undefined ? { code: thrown.code } : {}),
    ...(thrown.syscall !== undefined ? { syscall: thrown.syscall } : {}),
    ...(thrown.path !== undefined ? { path: thrown.path } : {}),
  });
  if (thrown.stack !== undefined) error.stack = thrown.stack;
  return error;
}

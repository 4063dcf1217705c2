/**
 * The job runner's pool of augmentation threads (worker_threads through piscina): each thread
 * runs whole groups (one source's pending items: decode, engine, measure, encode) with its own
 * engine, so every core works; the runner writes their outcomes and commits the records in plan
 * order. Their heaps start larger than V8's default (threadHeap.ts).
 *
 * piscina, not bundled: it starts its own thread script from its package folder.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import type * as PiscinaModule from 'piscina';
import type { ItemOutcome } from '../generateGroup';
import type { GroupTask, GroupTaskResult, ThrownError } from './groupTask';
import { configureThreadHeaps } from './threadHeap';

/** The default pool size: one thread per core the process may use. */
export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * Tasks a thread runs at once. A task waits for sharp (decode, encode) several times; with a second
 * task on the thread, its JavaScript runs meanwhile. Two per thread made the scale benchmark's run
 * about 6% faster than one (docs/throughput.md); more only hold more images in memory.
 */
export const TASKS_PER_THREAD = 2;

/**
 * The pool thread's script, and the Node options its threads need: the bundle beside the one that
 * runs the job (dist/augmentThread.js), or, when the sources run under tsx (tests, benchmarks),
 * the TypeScript entry with tsx's require hook preloaded (a worker thread does not inherit the ESM
 * hooks of `--import tsx`).
 */
function threadScript(): { filename: string; execArgv: string[] } {
  const bundled = path.join(__dirname, 'augmentThread.js');
  if (existsSync(bundled)) return { filename: bundled, execArgv: [] };
  const source = path.join(__dirname, 'augmentThread.ts');
  if (existsSync(source)) return { filename: source, execArgv: ['--require', 'tsx/cjs'] };
  throw new Error(`the augmentation thread script is missing: ${bundled} (run the build)`);
}

/** N threads that run groups; {@link close} when the run ends. */
export class AugmentThreadPool {
  private constructor(private readonly pool: PiscinaModule.Piscina) {}

  /** Starts a pool of `threads` threads (at least one). */
  static start(threads: number): AugmentThreadPool {
    configureThreadHeaps();
    const size = Math.max(1, Math.floor(threads));
    // Loaded here, not by a static import: every CLI command would pay its ~11 ms otherwise.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Piscina: Pool } = require('piscina') as typeof PiscinaModule;
    return new AugmentThreadPool(
      new Pool({
        ...threadScript(),
        name: 'runGroup',
        minThreads: size,
        maxThreads: size,
        // The threads live as long as the run (close() ends them), never stopped for idleness.
        idleTimeout: Number.MAX_SAFE_INTEGER,
        concurrentTasksPerWorker: TASKS_PER_THREAD,
        // Atomics would pause a thread between tasks; its tasks overlap instead.
        atomics: 'disabled',
      }),
    );
  }

  /**
   * Runs one group in the next free thread; its outcomes in plan order (encoded images as
   * Uint8Array: a Buffer crosses between threads as its plain view).
   * @throws the error that stopped the group in the thread, as the same kind of error.
   */
  async runGroup(task: GroupTask): Promise<ItemOutcome[]> {
    const result = (await this.pool.run(task)) as GroupTaskResult;
    if ('thrown' in result) throw rebuiltError(result.thrown);
    return result.outcomes;
  }

  /** Stops the threads after the groups they are running. */
  async close(): Promise<void> {
    await this.pool.close();
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

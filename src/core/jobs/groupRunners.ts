/**
 * How the job runner gets each group's records (a group: one source's pending items, in plan
 * order). The runner starts groups in plan order, keeps up to `lookahead` of them started ahead of
 * the one it commits, and commits records (journal line, event, manifest) strictly in plan order,
 * so the manifest, the journal and the events are the same whichever way the records were made:
 *
 * - {@link inlineRunner}, lookahead 0: each group runs on this thread when it is committed, item
 *   by item (in-process engines when no thread count is given, and engines the registry does not
 *   know).
 * - {@link pipelinedRunner}, lookahead 1: for engines in the inference worker. The next source is
 *   decoded (and its targets read) while the worker computes the current one, and the current
 *   one's outputs are encoded and written while the worker computes the next: the worker, which
 *   holds the one model, never waits for image work.
 * - {@link pooledRunner}, lookahead 2 x threads: engines that run in this process without a model
 *   go to a pool of threads, a group in tasks of a few items, so every core works
 *   (pool/threadPool.ts) and a cancel stops within a task, not after a source's every image. The
 *   threads hand back encoded items, which are written here while the thread takes its next task.
 */
import type { ManifestItem } from '../../shared/manifest';
import type { Engine } from '../engines/engine';
import { generateGroup, type GroupContext } from './generateGroup';
import { recordOf, recordsOfOutcomes } from './itemRecord';
import { firstSourcePixels, tasksInFlight } from './pool/taskBudget';
import type { AugmentThreadPool } from './pool/threadPool';
import { TaskGate } from './pool/taskGate';
import type { PlannedItem } from './types';

/**
 * Items per pool task. A task is the unit a cancel waits for and a progress event follows, so it
 * stays small (a few seconds at most on a slow CPU); the source is decoded once per task, which
 * costs little next to the items' own work.
 */
export const POOL_TASK_ITEMS = 4;

/** Produces groups' records; see the file comment. */
export interface GroupRunner {
  /** How many started groups may wait behind the one being committed. */
  readonly lookahead: number;
  /** Starts the pending items of one source; their records, in plan order. */
  start(pending: PlannedItem[]): AsyncIterable<ManifestItem>;
  /** Releases what the runner holds (the pool's threads) after the groups in flight. */
  close(): Promise<void>;
}

async function* recordsOf(
  pending: PlannedItem[],
  context: GroupContext,
): AsyncGenerator<ManifestItem> {
  for await (const outcome of generateGroup(pending, context)) {
    yield await recordOf(context.plan, outcome);
  }
}

/** Runs each group when it is committed, on this thread. */
export function inlineRunner(context: GroupContext): GroupRunner {
  return {
    lookahead: 0,
    start: (pending) => recordsOf(pending, context),
    close: () => Promise.resolve(),
  };
}

/**
 * Starts each group at once and buffers its records until they are committed. Engine calls keep
 * the plan's order (a group's first call waits until the group before made its own), so the
 * worker computes sources in plan order while the next one is being read.
 */
export function pipelinedRunner(context: GroupContext): GroupRunner {
  let previousCalled: Promise<void> = Promise.resolve();
  return {
    lookahead: 1,
    start: (pending) => {
      let called = (): void => undefined;
      const thisCalled = new Promise<void>((resolve) => (called = resolve));
      const engine = afterTurn(context.engine, previousCalled, called);
      previousCalled = thisCalled;
      // A group that never reaches the engine (every item failed to read) passes its turn on.
      return buffered(recordsOf(pending, { ...context, engine }), called);
    },
    close: () => Promise.resolve(),
  };
}

/** `engine` whose first call waits for `turn`, then says so through `called`. */
function afterTurn(engine: Engine, turn: Promise<void>, called: () => void): Engine {
  const wait = async (): Promise<void> => {
    await turn;
    called();
  };
  const wrapped: Engine = {
    id: engine.id,
    augment: async (request, onProgress) => {
      await wait();
      return engine.augment(request, onProgress);
    },
  };
  if (engine.augmentBatch) {
    const batch = engine.augmentBatch.bind(engine);
    wrapped.augmentBatch = async (requests, onProgress) => {
      await wait();
      return batch(requests, onProgress);
    };
  }
  return wrapped;
}

/**
 * Sends each group to the pool in tasks of {@link POOL_TASK_ITEMS} items, at most
 * {@link tasksInFlight} at a time (running, queued or having their files written), in plan order;
 * `onStarted` is told when a task is handed over. A task not yet handed over when the signal
 * aborts never runs: its items stay pending for the next run.
 */
export function pooledRunner(
  pool: AugmentThreadPool,
  context: GroupContext,
  threads: number,
): GroupRunner {
  const { items: _items, ...plan } = context.plan;
  // Sized from the first source handed over (pool/taskBudget.ts): for small images each thread
  // runs two tasks at once and one more waits or has its files written here, so a thread takes its
  // next task while the last one's are written; for large images, one per thread.
  let gate: Promise<TaskGate> | undefined;
  const gateFor = (pending: readonly PlannedItem[]): Promise<TaskGate> =>
    (gate ??= firstSourcePixels(pending).then(
      (pixels) => new TaskGate(tasksInFlight(threads, pixels)),
    ));
  const runTask = async (items: PlannedItem[]): Promise<ManifestItem[]> => {
    const release = await (await gateFor(items)).enter();
    try {
      if (context.signal?.aborted) return [];
      for (const item of items) context.onStarted(item);
      const outcomes = await pool.runGroup({ plan, items, runKey: context.runKey ?? '' });
      return await recordsOfOutcomes(context.plan, outcomes);
    } finally {
      // Released once the task's files are written: generated images never pile up in memory
      // ahead of a slow disk (or a cancel's last writes), whatever the size of a source's group.
      release();
    }
  };
  return {
    lookahead: 2 * threads,
    start: (pending) => {
      const tasks = chunks(pending, POOL_TASK_ITEMS).map(runTask);
      // Awaited when the group is committed; until then a failure must not count as unhandled.
      for (const task of tasks) task.catch(() => undefined);
      return fromPromises(tasks);
    },
    close: () => pool.close(),
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}

async function* fromPromises(tasks: Array<Promise<ManifestItem[]>>): AsyncGenerator<ManifestItem> {
  for (const task of tasks) yield* await task;
}

/**
 * Consumes `source` now, in the background, and replays what it produced (and how it ended) to
 * the one reader, as soon as each record is there.
 */
function buffered(
  source: AsyncIterable<ManifestItem>,
  onEnd: () => void = () => undefined,
): AsyncIterable<ManifestItem> {
  const records: ManifestItem[] = [];
  let finished = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  void (async () => {
    try {
      for await (const record of source) {
        records.push(record);
        notify();
      }
    } catch (error) {
      failure = { error };
    }
    finished = true;
    onEnd();
    notify();
  })();
  return {
    async *[Symbol.asyncIterator]() {
      let next = 0;
      for (;;) {
        while (next < records.length) yield records[next++];
        if (failure) throw failure.error;
        if (finished) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

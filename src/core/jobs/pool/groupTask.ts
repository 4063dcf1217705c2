/**
 * One source's pending items as a task a pool thread runs on its own (augmentThread.ts): decode,
 * engine, measure and encode; the encoded outcomes go back to the runner, which writes them
 * (itemRecord.ts) while the thread already generates its next task. (Writing in the thread held
 * it about 9 ms at the end of every task, for the last item's chain of file operations, each
 * flushed to disk: 6% of its time on the scale benchmark, docs/throughput.md.)
 * Only engines that run in this process without a model are pooled (the registry's
 * IN_PROCESS_ENGINE_IDS): each thread creates its own, once, through inProcessEngines.ts, which
 * imports them statically, not through engineFactories.ts's lazy `import()`, so that a thread
 * started from the TypeScript sources (tests, benchmarks) needs only tsx's `require` hook, which is
 * all a worker thread gets.
 */
import type { Engine } from '../../engines/engine';
import { createInProcessEngine } from '../../engines/inProcessEngines';
import { isInProcessEngine } from '../../engines/registry';
import { generateGroup, type ItemOutcome } from '../generateGroup';
import { decodedInputs } from '../generateItem';
import type { JobPlan, PlannedItem } from '../types';

/** What a thread needs for one group: the plan without its item list, and the group's items. */
export interface GroupTask {
  plan: Omit<JobPlan, 'items'>;
  items: PlannedItem[];
  /** The run's identity (its manifest's createdAt), which keys derived DICOM UIDs. */
  runKey: string;
}

/** The engine of this thread, created on its first task (every task of a run uses one recipe). */
let engine: Engine | undefined;

/** The decoded targets this thread keeps between its tasks (a thread lives for one run). */
const decoded = decodedInputs();

/**
 * What a thread answers: the outcomes in plan order (an item that failed is an outcome too), or
 * the error that stopped the group, described so the runner can throw it again as the same kind
 * of error: the CLI's exit code and message depend on its class and errno code.
 */
export type GroupTaskResult = { outcomes: ItemOutcome[] } | { thrown: ThrownError };

/** An error as it crosses from a pool thread to the runner (threadPool.ts rebuilds it). */
export interface ThrownError {
  name: string;
  message: string;
  stack?: string;
  /** errno fields of file-system errors. */
  code?: string;
  syscall?: string;
  path?: string;
}

/** Runs one group: its items' outcomes in plan order, or why it stopped. */
export async function runGroupTask(task: GroupTask): Promise<GroupTaskResult> {
  try {
    return { outcomes: await runGroup(task) };
  } catch (error) {
    return { thrown: describeThrown(error) };
  }
}

function describeThrown(error: unknown): ThrownError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const fields = error as Error & Partial<Record<'code' | 'syscall' | 'path', unknown>>;
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' ? value : undefined;
  const optional = {
    stack: error.stack,
    code: text(fields.code),
    syscall: text(fields.syscall),
    path: text(fields.path),
  };
  return {
    name: error.name,
    message: error.message,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

async function runGroup(task: GroupTask): Promise<ItemOutcome[]> {
  const plan: JobPlan = { ...task.plan, items: task.items };
  const id = plan.recipe.engine;
  if (!isInProcessEngine(id)) throw new Error(`engine "${id}" does not run on the thread pool`);
  engine ??= createInProcessEngine(id);
  const context = {
    plan,
    engine,
    runKey: task.runKey,
    decoded,
    onStarted: (): void => undefined,
    onProgress: (): void => undefined,
  };
  const outcomes: ItemOutcome[] = [];
  for await (const outcome of generateGroup(task.items, context)) outcomes.push(outcome);
  return outcomes;
}

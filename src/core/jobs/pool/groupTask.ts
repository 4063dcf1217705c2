/**
 * One source's pending items as a task a pool thread runs on its own (augmentThread.ts): decode,
 * engine, encode, the outputs written atomically and hashed, and their manifest records back.
 * Only engines that run in this process without a model are pooled (pooledEngines.ts): each
 * thread creates its own, once. They are imported here, not through the registry's lazy `import()`,
 * so that a thread started from the TypeScript sources (tests, benchmarks) needs only tsx's
 * `require` hook, which is all a worker thread gets.
 */
import type { ManifestItem } from '../../../shared/manifest';
import type { Engine } from '../../engines/engine';
import { CompositeEngine } from '../../engines/composite/compositeEngine';
import { CopyBackgroundEngine } from '../../engines/copyBackground/copyBackgroundEngine';
import { generateGroup } from '../generateGroup';
import { recordOf } from '../itemRecord';
import type { JobPlan, PlannedItem } from '../types';
import { isPooledEngine, type PooledEngineId } from './pooledEngines';

const CREATE: Readonly<Record<PooledEngineId, () => Engine>> = {
  composite: () => new CompositeEngine(),
  copyBackground: () => new CopyBackgroundEngine(),
};

/** What a thread needs for one group: the plan without its item list, and the group's items. */
export interface GroupTask {
  plan: Omit<JobPlan, 'items'>;
  items: PlannedItem[];
  /** The run's identity (its manifest's createdAt), which keys derived DICOM UIDs. */
  runKey: string;
}

/** The engine of this thread, created on its first task (every task of a run uses one recipe). */
let engine: Engine | undefined;

/** Runs one group and returns its items' records in plan order. */
export async function runGroupTask(task: GroupTask): Promise<ManifestItem[]> {
  const plan: JobPlan = { ...task.plan, items: task.items };
  const id = plan.recipe.engine;
  if (!isPooledEngine(id)) throw new Error(`engine "${id}" does not run on the thread pool`);
  engine ??= CREATE[id]();
  const context = {
    plan,
    engine,
    runKey: task.runKey,
    onStarted: (): void => undefined,
    onProgress: (): void => undefined,
  };
  const records: ManifestItem[] = [];
  for await (const outcome of generateGroup(task.items, context)) {
    records.push(await recordOf(plan, outcome));
  }
  return records;
}

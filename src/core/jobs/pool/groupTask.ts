/**
 * One source's pending items as a task a pool thread runs on its own (augmentThread.ts): decode,
 * engine, encode, the outputs written atomically and hashed, and their manifest records back.
 * Only engines that run in this process without a model are pooled (composite, copyBackground):
 * each thread creates its own from the registry, once.
 */
import type { ManifestItem } from '../../../shared/manifest';
import type { Engine } from '../../engines/engine';
import { createEngine } from '../../engines/createEngine';
import { generateGroup } from '../generateGroup';
import { recordOf } from '../itemRecord';
import type { JobPlan, PlannedItem } from '../types';

/** What a thread needs for one group: the plan without its item list, and the group's items. */
export interface GroupTask {
  plan: Omit<JobPlan, 'items'>;
  items: PlannedItem[];
  /** The run's identity (its manifest's createdAt), which keys derived DICOM UIDs. */
  runKey: string;
}

/** The engine of this thread, created on its first task (every task of a run uses one recipe). */
let engine: Promise<Engine> | undefined;

/** Runs one group and returns its items' records in plan order. */
export async function runGroupTask(task: GroupTask): Promise<ManifestItem[]> {
  const plan: JobPlan = { ...task.plan, items: task.items };
  engine ??= createEngine(plan.recipe);
  const context = {
    plan,
    engine: await engine,
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

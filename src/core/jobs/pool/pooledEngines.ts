/**
 * The engines the job runner's thread pool runs: those of the registry that run in this process
 * without a model (a test fails when the registry gains one that is not listed here). Each pool
 * thread creates its own (groupTask.ts).
 */
import type { EngineId } from '../../engines/registry';

/** Ids of the engines a pool thread can create. */
export const POOLED_ENGINE_IDS = [
  'composite',
  'copyBackground',
] as const satisfies readonly EngineId[];

/** An engine id the pool runs. */
export type PooledEngineId = (typeof POOLED_ENGINE_IDS)[number];

/** True when engine `id` runs on the pool. */
export function isPooledEngine(id: string): id is PooledEngineId {
  return (POOLED_ENGINE_IDS as readonly string[]).includes(id);
}

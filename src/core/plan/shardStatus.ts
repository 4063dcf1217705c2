/**
 * Where each shard of a plan stands, from its run folder alone (no scheduler is asked, so the
 * answer is the same on a laptop, a login node or inside a Ray driver):
 * - `running`: a live process holds the folder's lock (or one on another host: never judged dead
 *   from here);
 * - `done`: its completion marker names this plan and no item failed;
 * - `failed`: it finished with failed items, stopped before the end (killed, cancelled, out of
 *   time), or its folder holds another plan's run;
 * - `missing`: nothing was written yet (not started, or still queued).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { MANIFEST_FILE_NAME } from '../../shared/manifest';
import { describeLockHolder, isStale, readLockRecord } from '../jobs/lockRecord';
import { RunLock } from '../jobs/runLock';
import { shardFolder, type LoadedPlan } from './planFile';
import { readShardMarker, type ShardMarker } from './shardMarker';

export type ShardState = 'done' | 'running' | 'failed' | 'missing';

/** The state of one shard, with a line saying why. */
export interface ShardStatus {
  index: number;
  state: ShardState;
  /** The shard's run folder, absolute. */
  folder: string;
  items: number;
  detail: string;
  /** The completion marker, when it names this plan and shard. */
  marker?: ShardMarker;
}

/** Items recorded in a manifest, without validating it (status must not fail on a torn file). */
async function recordedItems(manifestPath: string): Promise<number | null> {
  try {
    const parsed = JSON.parse(await fs.readFile(manifestPath, 'utf8')) as { items?: unknown };
    return Array.isArray(parsed.items) ? parsed.items.length : null;
  } catch {
    return null;
  }
}

/** The status of shard `index`. */
export async function shardStatus(loaded: LoadedPlan, index: number): Promise<ShardStatus> {
  const folder = shardFolder(loaded, index);
  const items = loaded.plan.shards[index]?.items.length ?? 0;
  const base = { index, folder, items };
  const lock = await readLockRecord(RunLock.pathIn(folder)).catch(() => undefined);
  if (lock === null) return { ...base, state: 'running', detail: 'held by an unknown process' };
  if (lock && !isStale(lock))
    return { ...base, state: 'running', detail: describeLockHolder(lock) };
  const marker = await readShardMarker(folder);
  if (marker && marker.planId === loaded.id && marker.shard === index) {
    return marker.failed === 0
      ? { ...base, state: 'done', detail: `${marker.generated} generated`, marker }
      : {
          ...base,
          state: 'failed',
          detail: `${marker.failed} of ${marker.items} items failed`,
          marker,
        };
  }
  if (marker) return { ...base, state: 'failed', detail: 'its folder holds a run of another plan' };
  const recorded = await recordedItems(path.join(folder, MANIFEST_FILE_NAME));
  if (recorded === null) {
    const started = (await fs.stat(folder).catch(() => null)) !== null;
    return started
      ? { ...base, state: 'failed', detail: 'stopped before writing its manifest' }
      : { ...base, state: 'missing', detail: 'not started' };
  }
  return {
    ...base,
    state: 'failed',
    detail: `stopped after ${recorded} of ${items} items (killed, cancelled or out of time)`,
  };
}

/** The status of every shard, in order. */
export async function planStatus(loaded: LoadedPlan): Promise<ShardStatus[]> {
  const statuses: ShardStatus[] = [];
  for (const shard of loaded.plan.shards) statuses.push(await shardStatus(loaded, shard.index));
  return statuses;
}

/**
 * Shard indices as a Slurm array specification: runs of consecutive indices as ranges
 * (`[0, 1, 2, 5]` -> `0-2,5`); empty for none.
 */
export function arraySpec(indices: readonly number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

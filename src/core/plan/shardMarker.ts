/**
 * A shard's completion marker (`.maskmedpaint-shard.json` in its run folder): written when a shard
 * run attempted every item, removed as soon as the next run of the shard holds the folder. It
 * names the plan (by id) and the shard, so a folder finished for another plan never counts.
 */
import * as path from 'node:path';
import { writeFileAtomic } from '../util/atomicWrite';
import { readRegularFile } from '../util/confinedPath';
import { stableStringify } from '../util/stableJson';
import { SHARD_MARKER_FILE_NAME } from './planFormat';

/** The marker's content. */
export interface ShardMarker {
  format: 'maskmedpaint-shard-done';
  /** The plan's id (SHA-256 of the plan file). */
  planId: string;
  shard: number;
  /** Items of the shard, and how they ended. */
  items: number;
  generated: number;
  failed: number;
  finishedAt: string;
}

/** The marker file of a shard's run folder. */
export function markerPath(shardDir: string): string {
  return path.join(shardDir, SHARD_MARKER_FILE_NAME);
}

/** Writes the marker atomically. */
export async function writeShardMarker(shardDir: string, marker: ShardMarker): Promise<void> {
  await writeFileAtomic(markerPath(shardDir), stableStringify(marker));
}

function isMarker(value: unknown): value is ShardMarker {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const count = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 0;
  return (
    v.format === 'maskmedpaint-shard-done' &&
    typeof v.planId === 'string' &&
    count(v.shard) &&
    count(v.items) &&
    count(v.generated) &&
    count(v.failed) &&
    typeof v.finishedAt === 'string'
  );
}

/** The marker in `shardDir`; undefined when there is none; null when it is not a marker. */
export async function readShardMarker(shardDir: string): Promise<ShardMarker | null | undefined> {
  let text: string;
  try {
    text = (await readRegularFile(markerPath(shardDir))).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isMarker(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * Splits a job's items into shards of whole sources: a source's k augmentations stay in one
 * shard (engines that batch generate them in one call), consecutive sources go together (they
 * usually share folders on disk), and shard sizes differ by at most one source.
 */
import type { PlannedItem } from '../jobs/types';

/** The items of each source, in plan order (the planner emits a source's k items together). */
function bySource(items: readonly PlannedItem[]): PlannedItem[][] {
  const groups: PlannedItem[][] = [];
  for (const item of items) {
    const last = groups[groups.length - 1];
    if (last && last[0]?.sourcePath === item.sourcePath) last.push(item);
    else groups.push([item]);
  }
  return groups;
}

/**
 * `count` shards of `items`; shard i holds sources floor(i*S/count) .. floor((i+1)*S/count)-1.
 * @throws RangeError when there are fewer sources than shards (a shard would be empty).
 */
export function splitIntoShards(items: readonly PlannedItem[], count: number): PlannedItem[][] {
  const sources = bySource(items);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`shard count ${count}`);
  if (sources.length < count) {
    throw new RangeError(
      `${count} shards need at least ${count} source images; the plan has ${sources.length}`,
    );
  }
  return Array.from({ length: count }, (_, i) =>
    sources
      .slice(
        Math.floor((i * sources.length) / count),
        Math.floor(((i + 1) * sources.length) / count),
      )
      .flat(),
  );
}

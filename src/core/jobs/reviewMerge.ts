/**
 * Keeps review decisions made while a job is running. The review panel writes decisions into the
 * manifest (updateItemReview) while the runner keeps its own copy in memory; before each manifest
 * write the runner folds in decisions found on disk, for items whose output is unchanged.
 */
import { promises as fs } from 'node:fs';
import type { ManifestItem } from '../../shared/manifest';
import { readManifest } from './manifestStore';

/** Identity of the manifest file as last written by the runner (to notice writes by others). */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/** The current size and modification time of a file; undefined when it does not exist. */
export async function stampOf(filePath: string): Promise<FileStamp | undefined> {
  const stat = await fs.stat(filePath).catch(() => undefined);
  return stat ? { size: stat.size, mtimeMs: stat.mtimeMs } : undefined;
}

/**
 * When the manifest changed on disk since `lastWritten`, copies review decisions (status and
 * review note/time) from it into `records` for items with the same output hash. A manifest that
 * cannot be read is ignored: the runner's copy is then the best one available.
 */
export async function mergeReviewsFromDisk(
  manifestPath: string,
  lastWritten: FileStamp | undefined,
  records: Map<string, ManifestItem>,
): Promise<void> {
  const now = await stampOf(manifestPath);
  if (!now || (lastWritten && now.size === lastWritten.size && now.mtimeMs === lastWritten.mtimeMs))
    return;
  let onDisk;
  try {
    onDisk = await readManifest(manifestPath);
  } catch {
    return;
  }
  for (const item of onDisk.items) {
    const mine = records.get(item.id);
    if (
      !mine ||
      mine.status === 'failed' ||
      mine.sha256 !== item.sha256 ||
      item.status === 'failed'
    )
      continue;
    if (item.status === mine.status && item.review?.decidedAt === mine.review?.decidedAt) continue;
    const { review: _previous, ...rest } = mine;
    records.set(item.id, {
      ...rest,
      status: item.status,
      ...(item.review ? { review: item.review } : {}),
    });
  }
}

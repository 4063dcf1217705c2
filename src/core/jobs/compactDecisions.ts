/**
 * Compaction: the run folder's lock holder writes the manifest with the decisions journal folded
 * in, and the CSV files from it. A running job does this at each of its manifest writes; when no
 * job runs, the review panel and `maskmedpaint review` do it after their decisions. The journal
 * itself stays (it is the audit trail, and folding it again changes nothing).
 *
 * The hand-over: whoever appends a decision then tries to compact; finding the folder busy, it
 * leaves the work to the holder. Every holder, after releasing the folder, compacts again if the
 * journal grew since it last read it. A decision appended while the folder was busy was appended
 * before that check, so it always reaches the manifest and the CSV files.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { decisionsPath } from './decisionJournal';
import { readManifestWithDecisions, writeCsvs, writeManifest } from './manifestStore';
import { RunLock } from './runLock';

/** Size in bytes of the decisions journal of `runDir` (0 when there is none). */
export async function journalSize(runDir: string): Promise<number> {
  try {
    return (await fs.stat(decisionsPath(runDir))).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/** One compaction under the lock; the journal size it folded, or `busy`. */
async function compactOnce(manifestPath: string): Promise<{ journalSize: number } | 'busy'> {
  const dir = path.dirname(path.resolve(manifestPath));
  const lock = await RunLock.tryAcquire(dir, 'maskmedpaint review compaction');
  if (!lock) return 'busy';
  try {
    const { manifest, decisions } = await readManifestWithDecisions(manifestPath);
    await writeManifest(manifestPath, manifest);
    await writeCsvs(dir, manifest);
    return { journalSize: decisions.journalSize };
  } finally {
    await lock.release();
  }
}

/**
 * For a holder that has just released the folder after folding the journal at `sizeFolded`
 * bytes: compacts again (and again) while decisions arrived meanwhile. Stops when another process
 * holds the folder: that holder does the same when it releases.
 */
export async function compactIfJournalGrew(
  manifestPath: string,
  sizeFolded: number,
): Promise<void> {
  const dir = path.dirname(path.resolve(manifestPath));
  let folded = sizeFolded;
  while ((await journalSize(dir)) !== folded) {
    const outcome = await compactOnce(manifestPath);
    if (outcome === 'busy') return;
    folded = outcome.journalSize;
  }
}

/**
 * Compacts the run folder of `manifestPath` now, or answers `busy` when another process holds
 * it (a job, which compacts at its next manifest write and when it releases the folder).
 */
export async function compactDecisions(manifestPath: string): Promise<'compacted' | 'busy'> {
  const outcome = await compactOnce(manifestPath);
  if (outcome === 'busy') return 'busy';
  await compactIfJournalGrew(manifestPath, outcome.journalSize);
  return 'compacted';
}

/**
 * Runs compactions one at a time, coalescing requests that arrive while one runs into a single
 * later one (a reviewer clicking quickly through a large run causes a few manifest writes, not one
 * per click). Errors go to `onError`; a request never throws.
 */
export class CompactionQueue {
  private running: Promise<void> | undefined;
  private readonly again = new Set<string>();

  constructor(
    private readonly compact: (manifestPath: string) => Promise<'compacted' | 'busy'>,
    private readonly onError: (manifestPath: string, error: unknown) => void,
  ) {}

  /** Asks for a compaction of `manifestPath`; resolves when one that covers this request ended. */
  request(manifestPath: string): Promise<void> {
    this.again.add(manifestPath);
    if (!this.running) {
      this.running = this.drain().finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private async drain(): Promise<void> {
    while (this.again.size > 0) {
      const batch = [...this.again];
      this.again.clear();
      for (const manifestPath of batch) {
        try {
          await this.compact(manifestPath);
        } catch (error) {
          this.onError(manifestPath, error);
        }
      }
    }
  }
}

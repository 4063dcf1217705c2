/**
 * Compaction: the run folder's lock holder writes the manifest with the decisions journal folded
 * in, and the CSV files from it. A running job does this at each of its manifest writes; when no
 * job runs, the review panel and `maskmedpaint review` do it after their decisions. The journal
 * itself stays (it is the audit trail, and folding it again changes nothing).
 */
import * as path from 'node:path';
import { readManifest, writeCsvs, writeManifest } from './manifestStore';
import { RunLock } from './runLock';

/**
 * Compacts the run folder of `manifestPath` now, or answers `busy` when another process holds
 * the folder (a job, which compacts at its next manifest write).
 */
export async function compactDecisions(manifestPath: string): Promise<'compacted' | 'busy'> {
  const dir = path.dirname(path.resolve(manifestPath));
  const lock = await RunLock.tryAcquire(dir, 'maskmedpaint review compaction');
  if (!lock) return 'busy';
  try {
    const manifest = await readManifest(manifestPath);
    await writeManifest(manifestPath, manifest);
    await writeCsvs(dir, manifest);
    return 'compacted';
  } finally {
    await lock.release();
  }
}

/**
 * Runs compactions one at a time, coalescing requests that arrive while one runs into a single
 * later one (a reviewer clicking quickly through a large run causes a few manifest writes, not one
 * per click). Errors go to `onError`; a request never throws.
 */
export class CompactionQueue {
  private running: Promise<void> | undefined;
  private again = new Set<string>();

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

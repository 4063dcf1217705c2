/**
 * Progress arithmetic for the notification: items finished out of the total and the remaining
 * time, estimated from the items this run actually processed (items skipped because a previous
 * run already made them take no time and would make the estimate far too optimistic).
 *
 * A resumed run says how many items are already done in its `planned` event and then reports each
 * of those same items again as skipped; every item is counted once, so the skips only count where
 * they go beyond what `planned` said.
 */

/** A snapshot of a running job for display. */
export interface ProgressSnapshot {
  finished: number;
  total: number;
  /** Seconds left, or undefined until one item has been processed. */
  etaSeconds: number | undefined;
}

/** Tracks finished items of one job against a clock (injected so tests control time). */
export class EtaEstimator {
  private total = 0;
  private alreadyDone = 0;
  private skipped = 0;
  private processed = 0;
  private startedAt: number | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** The planner's count: `total` items, `alreadyDone` of them from an earlier run. */
  planned(total: number, alreadyDone: number): void {
    this.total = total;
    this.alreadyDone = Math.min(alreadyDone, total);
    this.skipped = 0;
    this.processed = 0;
    this.startedAt = this.now();
  }

  /** An item done or failed in this run (it cost time). */
  processedOne(): void {
    this.processed += 1;
  }

  /** An item skipped because it already existed (it cost no time; `planned` counted it already). */
  skippedOne(): void {
    this.skipped += 1;
  }

  /** Items finished: each already-done item once (planned or skipped), plus those processed now. */
  private get finished(): number {
    return Math.min(this.total, Math.max(this.alreadyDone, this.skipped) + this.processed);
  }

  /** Current count and estimate. */
  snapshot(): ProgressSnapshot {
    const remaining = Math.max(0, this.total - this.finished);
    let etaSeconds: number | undefined;
    if (this.startedAt !== undefined && this.processed > 0) {
      const perItem = (this.now() - this.startedAt) / 1000 / this.processed;
      etaSeconds = Math.round(perItem * remaining);
    }
    return { finished: this.finished, total: this.total, etaSeconds };
  }
}

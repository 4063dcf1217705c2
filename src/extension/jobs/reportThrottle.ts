/**
 * How often the progress notification is updated. A CPU engine finishes hundreds of small images a
 * second; updating the notification for each re-renders it hundreds of times a second, which keeps
 * the extension host and the window busy and makes the notification's Cancel button a moving
 * target. At most one update per interval, and always the last one (the count reaches the total).
 */

/** Milliseconds between two updates of the notification. */
export const REPORT_INTERVAL_MS = 250;

/** Decides which progress updates are shown; the clock is injected so tests control time. */
export class ReportThrottle {
  private lastShownAt: number | undefined;

  constructor(
    private readonly intervalMs = REPORT_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when an update with `finished` of `total` items should be shown now. */
  shouldShow(finished: number, total: number): boolean {
    const now = this.now();
    const due = this.lastShownAt === undefined || now - this.lastShownAt >= this.intervalMs;
    if (!due && finished < total) return false;
    this.lastShownAt = now;
    return true;
  }
}

/**
 * Download progress with speed and ETA. Speed is averaged over a sliding window so the ETA does
 * not jump with every packet; the clock is injectable so tests need no timing.
 */
import { formatDuration } from '../../shared/formatDuration';

export interface DownloadProgress {
  /** Bytes of the file present so far (including bytes resumed from an earlier attempt). */
  received: number;
  /** Total bytes, when known. */
  total: number | undefined;
  /** Average bytes per second over the recent window (0 until measurable). */
  bytesPerSecond: number;
  /** Seconds remaining at the current speed; undefined when unknown. */
  etaSeconds: number | undefined;
}

export class ProgressMeter {
  private readonly samples: Array<{ at: number; bytes: number }> = [];
  private received: number;

  constructor(
    startBytes: number,
    private readonly total: number | undefined,
    private readonly now: () => number = () => Date.now(),
    private readonly windowMs = 5000,
  ) {
    this.received = startBytes;
    this.samples.push({ at: now(), bytes: startBytes });
  }

  /** Record `bytes` more received and return the current progress. */
  add(bytes: number): DownloadProgress {
    this.received += bytes;
    const at = this.now();
    this.samples.push({ at, bytes: this.received });
    // Keep one sample older than the window so the span always covers it.
    while (this.samples.length > 2 && at - this.samples[1].at >= this.windowMs)
      this.samples.shift();
    return this.current();
  }

  current(): DownloadProgress {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const seconds = (last.at - first.at) / 1000;
    const bytesPerSecond = seconds > 0 ? (last.bytes - first.bytes) / seconds : 0;
    const remaining =
      this.total !== undefined ? Math.max(0, this.total - this.received) : undefined;
    const etaSeconds =
      remaining === undefined
        ? undefined
        : remaining === 0
          ? 0
          : bytesPerSecond > 0
            ? remaining / bytesPerSecond
            : undefined;
    return { received: this.received, total: this.total, bytesPerSecond, etaSeconds };
  }
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** "45% 93.1 MB / 207.5 MB, 12.3 MB/s, ETA 9 s" (parts left out when unknown). */
export function formatProgress(p: DownloadProgress): string {
  const parts: string[] = [];
  if (p.total !== undefined && p.total > 0) {
    parts.push(
      `${Math.floor((100 * p.received) / p.total)}% ${formatBytes(p.received)} / ${formatBytes(p.total)}`,
    );
  } else {
    parts.push(formatBytes(p.received));
  }
  if (p.bytesPerSecond > 0) parts.push(`${formatBytes(p.bytesPerSecond)}/s`);
  if (p.etaSeconds !== undefined) parts.push(`ETA ${formatDuration(p.etaSeconds)}`);
  return parts.join(', ');
}

export { formatBytes };

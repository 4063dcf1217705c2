/**
 * Reads the CLI's `--json` output: one JobEvent per line on stdout. Chunks from a pipe split
 * lines anywhere, so text is buffered until a newline; lines that are not JobEvents (a warning
 * printed by a library, say) are handed back as plain text instead of being dropped.
 */
import type { JobEvent } from '../../shared/jobEvents';

/** What one complete line turned out to be. */
export type ParsedLine = { kind: 'event'; event: JobEvent } | { kind: 'text'; text: string };

const NUMBER_FIELDS: Record<JobEvent['type'], readonly string[]> = {
  planned: ['total', 'alreadyDone'],
  itemStarted: ['index', 'total'],
  itemProgress: [],
  itemDone: ['index', 'total'],
  itemSkipped: ['index', 'total'],
  itemFailed: ['index', 'total'],
  finished: ['done', 'failed', 'skipped'],
};

const STRING_FIELDS: Record<JobEvent['type'], readonly string[]> = {
  planned: [],
  itemStarted: ['id'],
  itemProgress: ['id', 'phase'],
  itemDone: ['id', 'output'],
  itemSkipped: ['id', 'reason'],
  itemFailed: ['id', 'error'],
  finished: ['manifest'],
};

/** True when `value` has the shape of a {@link JobEvent} (type tag and required fields). */
export function isJobEvent(value: unknown): value is JobEvent {
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  const type = record.type;
  if (typeof type !== 'string' || !Object.hasOwn(NUMBER_FIELDS, type)) return false;
  const tag = type as JobEvent['type'];
  if (!NUMBER_FIELDS[tag].every((field) => typeof record[field] === 'number')) return false;
  if (!STRING_FIELDS[tag].every((field) => typeof record[field] === 'string')) return false;
  return tag !== 'finished' || typeof record.cancelled === 'boolean';
}

/** Classifies one line of CLI output. */
export function parseJobLine(line: string): ParsedLine {
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(trimmed);
      if (isJobEvent(value)) return { kind: 'event', event: value };
    } catch {
      // Not JSON after all: reported as text below.
    }
  }
  return { kind: 'text', text: line };
}

/** Splits a stream of chunks into complete lines and parses each one. */
export class JobLineSplitter {
  private pending = '';

  constructor(private readonly onLine: (parsed: ParsedLine) => void) {}

  /** Feeds a chunk; calls `onLine` for every line it completes. */
  push(chunk: string): void {
    const lines = (this.pending + chunk).split(/\r?\n/);
    this.pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') this.onLine(parseJobLine(line));
  }

  /** Flushes a last line that had no newline (the process ended). */
  end(): void {
    if (this.pending.trim() !== '') this.onLine(parseJobLine(this.pending));
    this.pending = '';
  }
}

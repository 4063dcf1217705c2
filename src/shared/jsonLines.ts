/**
 * JSON lines from a child process: a pipe delivers chunks that split lines anywhere, so text is
 * buffered until a newline, and each complete line is either one event of the stream's protocol
 * or text (a library's warning, a traceback), handed on rather than dropped.
 */

/** What one complete line turned out to be. */
export type ParsedLine<E> = { kind: 'event'; event: E } | { kind: 'text'; text: string };

/** Classifies one line with the stream's validator (`isEvent`). */
export function parseJsonLine<E>(
  line: string,
  isEvent: (value: unknown) => value is E,
): ParsedLine<E> {
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(trimmed);
      if (isEvent(value)) return { kind: 'event', event: value };
    } catch {
      // Not JSON after all: reported as text below.
    }
  }
  return { kind: 'text', text: line };
}

/** Splits a stream of chunks into complete, non-blank lines. */
export class LineSplitter {
  private pending = '';

  /** The lines `chunk` completes (a `\r\n` ending counts as one). */
  push(chunk: string): string[] {
    const lines = (this.pending + chunk).split(/\r?\n/);
    this.pending = lines.pop() ?? '';
    return lines.filter((line) => line.trim() !== '');
  }

  /** The last line when the stream ended without a newline. */
  flush(): string[] {
    const rest = this.pending;
    this.pending = '';
    return rest.trim() !== '' ? [rest] : [];
  }
}

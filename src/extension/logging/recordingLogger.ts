/**
 * The extension's log channel, plus a short in-memory record of its warnings and errors. The
 * record is what the extension's exported diagnostics API returns: the integration tests use it
 * to see that a forged webview message was refused and logged, and other tools can use it to
 * show recent problems without scraping the Output view.
 */
import type * as vscode from 'vscode';

/** Log levels that are recorded (trace/debug/info stay only in the channel). */
const RECORDED = new Set<string>(['warn', 'error']);

/** A log channel that also remembers its last warnings and errors. */
export interface RecordingLogger {
  logger: vscode.LogOutputChannel;
  /** The most recent warning and error lines, oldest first ("warn: ..." / "error: ..."). */
  recent: () => readonly string[];
}

/** Wraps `channel`; keeps at most `capacity` recorded lines and tells `onRecord` about each. */
export function recordWarningsAndErrors(
  channel: vscode.LogOutputChannel,
  capacity = 200,
  onRecord?: (line: string) => void,
): RecordingLogger {
  const lines: string[] = [];
  const logger = new Proxy(channel, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (typeof property === 'string' && RECORDED.has(property)) {
        return (...args: unknown[]) => {
          const text = args.map((arg) => (arg instanceof Error ? arg.message : String(arg)));
          const line = `${property}: ${text.join(' ')}`;
          lines.push(line);
          if (lines.length > capacity) lines.splice(0, lines.length - capacity);
          const result = method.apply(target, args);
          onRecord?.(line);
          return result;
        };
      }
      return method.bind(target);
    },
  });
  return { logger, recent: () => [...lines] };
}

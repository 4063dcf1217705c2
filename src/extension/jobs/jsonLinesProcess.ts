/**
 * The one runner of the extension's child processes that speak JSON lines: the bundled CLI
 * (augmentation jobs, re-runs, model checks; cliJobProcess.ts) and the Python toolkit (fine-tuning
 * stages; fineTune/trainingProcess.ts). stdout lines that pass the stream's validator are events,
 * every other line (and all of stderr) is text for the log. Cancel sends the stream's polite signal
 * (the child finishes what it can and reports), then kills it after a grace period: every file the
 * children write is written atomically, so a kill loses at most the work in flight.
 */
import { spawn } from 'node:child_process';
import { LineSplitter, parseJsonLine } from '../../shared/jsonLines';

/** What to start and how its stdout is read. */
export interface JsonLinesCommand<E> {
  command: string;
  args: readonly string[];
  /** Added to the extension host's environment. */
  env?: Readonly<Record<string, string>>;
  /** The stream's validator: a stdout line is an event when it passes. */
  isEvent: (value: unknown) => value is E;
  /** The signal that asks the child to stop cooperatively. */
  cancelSignal: NodeJS.Signals;
  /** Milliseconds between that signal and SIGKILL. */
  cancelGraceMs: number;
}

/** Callbacks while the child runs. */
export interface JsonLinesListener<E> {
  onEvent(event: E): void;
  /** stdout lines that are not events and every stderr line. */
  onText(text: string, stream: 'stdout' | 'stderr'): void;
}

/** How the child ended. */
export interface ProcessEnd {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Everything the child wrote to stderr, for error messages. */
  stderr: string;
  /** Whether cancel() was called before it ended. */
  cancelled: boolean;
  /** Why the child could not be started, when it could not. */
  startError: string | undefined;
}

/** A running child. */
export interface JsonLinesProcess {
  readonly done: Promise<ProcessEnd>;
  /** Asks the child to stop (the command's signal), killing it after `graceMs`. */
  cancel(graceMs?: number): void;
}

/** Starts `command`; the returned process settles once, when the child has ended. */
export function startJsonLinesProcess<E>(
  spec: JsonLinesCommand<E>,
  listener: JsonLinesListener<E>,
): JsonLinesProcess {
  const child = spawn(spec.command, [...spec.args], {
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  let stderr = '';
  let cancelled = false;
  let killTimer: NodeJS.Timeout | undefined;
  const stdoutLines = new LineSplitter();
  const stderrLines = new LineSplitter();

  const readStdout = (lines: string[]): void => {
    for (const line of lines) {
      const parsed = parseJsonLine(line, spec.isEvent);
      if (parsed.kind === 'event') listener.onEvent(parsed.event);
      else listener.onText(parsed.text, 'stdout');
    }
  };
  const readStderr = (lines: string[]): void => {
    for (const line of lines) listener.onText(line, 'stderr');
  };
  child.stdout
    .setEncoding('utf8')
    .on('data', (chunk: string) => readStdout(stdoutLines.push(chunk)));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    readStderr(stderrLines.push(chunk));
  });

  const done = new Promise<ProcessEnd>((resolve) => {
    let startError: string | undefined;
    child.once('error', (error) => {
      startError = `could not start ${spec.command}: ${error.message}`;
      stderr += `${startError}\n`;
      listener.onText(startError, 'stderr');
    });
    child.once('close', (exitCode, signal) => {
      if (killTimer) clearTimeout(killTimer);
      readStdout(stdoutLines.flush());
      readStderr(stderrLines.flush());
      // A child that never started closes with a negative errno as its code: not an exit code.
      resolve({ exitCode: startError ? null : exitCode, signal, stderr, cancelled, startError });
    });
  });

  return {
    done,
    cancel(graceMs = spec.cancelGraceMs): void {
      if (cancelled || child.exitCode !== null || child.signalCode !== null) return;
      cancelled = true;
      child.kill(spec.cancelSignal);
      killTimer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    },
  };
}

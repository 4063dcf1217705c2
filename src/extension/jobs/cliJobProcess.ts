/**
 * Runs one augmentation job in a child process: the bundled CLI (`dist/cli.js augment ... --json`)
 * started with the extension host's own Node runtime.
 *
 * Why the CLI and not the worker client: a whole job (scan, plan, engine, atomic writes, manifest,
 * resume) already lives behind the CLI, which users run too, so the extension gets exactly the
 * same behaviour and only parses JobEvent lines. Image decoding and inference never touch the
 * extension host thread, a native crash takes down only the child, and Cancel is a signal:
 * SIGINT lets the CLI finish the item in flight and write the manifest; if it does not exit
 * within a grace period it is killed, which is safe because every file is written atomically and
 * the next run resumes.
 */
import { spawn } from 'node:child_process';
import type { JobEvent } from '../../shared/jobEvents';
import { JobLineSplitter } from './jobEventParser';

/** How the child ended. */
export interface CliJobResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The last `finished` event, when the CLI got that far. */
  finished: Extract<JobEvent, { type: 'finished' }> | undefined;
  /** Everything the CLI wrote to stderr (errors, scan warnings), for the log and error messages. */
  stderr: string;
  cancelled: boolean;
}

/** Callbacks for what the child reports while it runs. */
export interface CliJobListener {
  onEvent(event: JobEvent): void;
  /** stdout lines that are not JobEvents and every stderr line. */
  onText(text: string, stream: 'stdout' | 'stderr'): void;
}

/** A running job. */
export interface CliJob {
  readonly done: Promise<CliJobResult>;
  /** Asks the CLI to stop after the current item; kills it after `graceMs`. */
  cancel(graceMs?: number): void;
}

/** Milliseconds the CLI gets to stop cooperatively before it is killed. */
export const CANCEL_GRACE_MS = 5_000;

/** Starts `node cliPath ...args`; the returned job settles when the child exits. */
export function startCliJob(
  cliPath: string,
  args: readonly string[],
  listener: CliJobListener,
): CliJob {
  const child = spawn(process.execPath, [cliPath, ...args], {
    // The extension host may be Electron: make its binary behave as plain Node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ORT_DISABLE_TELEMETRY: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  let finished: CliJobResult['finished'];
  let stderr = '';
  let cancelled = false;
  let killTimer: NodeJS.Timeout | undefined;

  const stdoutLines = new JobLineSplitter((line) => {
    if (line.kind === 'text') return listener.onText(line.text, 'stdout');
    if (line.event.type === 'finished') finished = line.event;
    listener.onEvent(line.event);
  });
  const stderrLines = new JobLineSplitter((line) =>
    listener.onText(line.kind === 'text' ? line.text : JSON.stringify(line.event), 'stderr'),
  );
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => stdoutLines.push(chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    stderrLines.push(chunk);
  });

  const done = new Promise<CliJobResult>((resolve) => {
    child.once('error', (error) => {
      stderr += `${error.message}\n`;
      listener.onText(`could not start the job process: ${error.message}`, 'stderr');
    });
    child.once('close', (exitCode, signal) => {
      if (killTimer) clearTimeout(killTimer);
      stdoutLines.end();
      stderrLines.end();
      resolve({ exitCode, signal, finished, stderr, cancelled });
    });
  });

  return {
    done,
    cancel(graceMs = CANCEL_GRACE_MS): void {
      if (cancelled || child.exitCode !== null) return;
      cancelled = true;
      child.kill('SIGINT');
      killTimer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    },
  };
}

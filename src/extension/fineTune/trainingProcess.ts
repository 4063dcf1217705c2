/**
 * Runs one `python -m maskmedpaint.cli ...` invocation as a child process, turning its stdout
 * into {@link TrainingEvent}s and its stderr into log lines. Cancel sends SIGTERM (the toolkit
 * ends with a `cancelled` event; its last checkpoint stays resumable) and kills after a grace period.
 */
import { spawn } from 'node:child_process';
import { LineSplitter, parseTrainingLine, type TrainingEvent } from './trainingEvents';

/** How a stage ended. */
export interface StageResult {
  exitCode: number | null;
  cancelled: boolean;
  /** The `error` event's message, when the toolkit reported one. */
  error: string | undefined;
  /** The `done` event's output folder. */
  output: string | undefined;
}

/** Callbacks while a stage runs. */
export interface StageListener {
  onEvent(event: TrainingEvent): void;
  onLog(line: string): void;
}

/** A running stage. */
export interface RunningStage {
  readonly done: Promise<StageResult>;
  cancel(): void;
}

/** Milliseconds the toolkit gets to stop after SIGTERM before it is killed. */
export const STAGE_CANCEL_GRACE_MS = 10_000;

/** Starts `python -m maskmedpaint.cli args...`. */
export function startStage(
  python: string,
  args: readonly string[],
  listener: StageListener,
): RunningStage {
  const child = spawn(python, ['-m', 'maskmedpaint.cli', ...args], {
    // Unbuffered: progress lines must arrive as they are printed, not when a buffer fills.
    env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' },
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  let cancelled = false;
  let error: string | undefined;
  let output: string | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  const stdout = new LineSplitter();
  const stderr = new LineSplitter();

  const handleStdout = (lines: string[]) => {
    for (const line of lines) {
      const parsed = parseTrainingLine(line);
      if (parsed.kind === 'text') {
        listener.onLog(parsed.text);
        continue;
      }
      const event = parsed.event;
      if (event.type === 'error') error = event.message;
      if (event.type === 'done') output = event.output;
      if (event.type === 'cancelled') cancelled = true;
      listener.onEvent(event);
    }
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => handleStdout(stdout.push(chunk)));
  child.stderr
    .setEncoding('utf8')
    .on('data', (chunk: string) => stderr.push(chunk).forEach((l) => listener.onLog(l)));

  const done = new Promise<StageResult>((resolve) => {
    child.on('error', (spawnError) => {
      resolve({
        exitCode: null,
        cancelled,
        error: `could not start ${python}: ${spawnError.message}`,
        output,
      });
    });
    child.on('close', (exitCode) => {
      if (killTimer) clearTimeout(killTimer);
      handleStdout(stdout.flush());
      stderr.flush().forEach((l) => listener.onLog(l));
      resolve({ exitCode, cancelled, error, output });
    });
  });

  return {
    done,
    cancel() {
      if (cancelled || child.exitCode !== null) return;
      cancelled = true;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), STAGE_CANCEL_GRACE_MS);
    },
  };
}

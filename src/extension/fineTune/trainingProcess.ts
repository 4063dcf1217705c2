/**
 * Runs one `python -m maskmedpaint.cli ...` invocation (shared/trainingRequest.ts) as a child
 * process through the extension's JSON-lines runner: stdout lines become {@link TrainingEvent}s,
 * everything else log lines. Cancel sends SIGTERM (the toolkit ends with a `cancelled` event; its
 * last checkpoint stays resumable) and kills after a grace period.
 */
import { trainingArguments, type TrainingRequest } from '../../shared/trainingRequest';
import { startJsonLinesProcess } from '../jobs/jsonLinesProcess';
import { isTrainingEvent, type TrainingEvent } from './trainingEvents';

/** How a stage ended. */
export interface StageResult {
  exitCode: number | null;
  cancelled: boolean;
  /** The `error` event's message, or why the interpreter could not be started. */
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

/** Starts `python -m maskmedpaint.cli <the request's arguments>`. */
export function startStage(
  python: string,
  request: TrainingRequest,
  listener: StageListener,
): RunningStage {
  let cancelledEvent = false;
  let error: string | undefined;
  let output: string | undefined;
  const child = startJsonLinesProcess(
    {
      command: python,
      args: ['-m', 'maskmedpaint.cli', ...trainingArguments(request)],
      // Unbuffered: progress lines must arrive as they are printed, not when a buffer fills.
      env: { PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' },
      isEvent: isTrainingEvent,
      cancelSignal: 'SIGTERM',
      cancelGraceMs: STAGE_CANCEL_GRACE_MS,
    },
    {
      onEvent: (event) => {
        if (event.type === 'error') error = event.message;
        if (event.type === 'done') output = event.output;
        if (event.type === 'cancelled') cancelledEvent = true;
        listener.onEvent(event);
      },
      onText: (text) => listener.onLog(text),
    },
  );
  return {
    done: child.done.then((end) => ({
      exitCode: end.exitCode,
      cancelled: end.cancelled || cancelledEvent,
      error: error ?? end.startError,
      output,
    })),
    cancel: () => child.cancel(),
  };
}

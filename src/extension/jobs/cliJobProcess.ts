/**
 * Runs the bundled CLI (`dist/cli.js`) in a child process with the extension host's own Node
 * runtime: one typed request (src/shared/cliRequest.ts) in, {@link JobEvent} lines out.
 *
 * Why the CLI and not the worker client: a whole job (scan, plan, engine, atomic writes, manifest,
 * resume) already lives behind the CLI, which users run too, so the extension gets exactly the
 * same behaviour and only parses JobEvent lines. Image decoding and inference never touch the
 * extension host thread, a native crash takes down only the child, and Cancel is a signal:
 * SIGINT lets the CLI finish the item in flight and write the manifest; if it does not exit
 * within a grace period it is killed, which is safe because every file is written atomically and
 * the next run resumes.
 */
import { cliArguments, type CliRequest } from '../../shared/cliRequest';
import { isJobEvent, type JobEvent } from '../../shared/jobEvents';
import { startJsonLinesProcess, type JsonLinesListener, type ProcessEnd } from './jsonLinesProcess';

/** How the CLI ended, with the last `finished` event when it got that far. */
export interface CliJobResult extends ProcessEnd {
  finished: Extract<JobEvent, { type: 'finished' }> | undefined;
}

/** Callbacks for what the CLI reports while it runs. */
export type CliJobListener = JsonLinesListener<JobEvent>;

/** A running CLI command. */
export interface CliJob {
  readonly done: Promise<CliJobResult>;
  /** Asks the CLI to stop after the current item; kills it after `graceMs`. */
  cancel(graceMs?: number): void;
}

/** Milliseconds the CLI gets to stop cooperatively before it is killed. */
export const CANCEL_GRACE_MS = 5_000;

/**
 * Starts `node cliPath <the request's arguments>`; the job settles when the child exits. `env`
 * adds to the inherited environment (runtime settings such as runtimeEnvironment.ts gives).
 */
export function startCliJob(
  cliPath: string,
  request: CliRequest,
  listener: CliJobListener,
  env: Record<string, string> = {},
): CliJob {
  let finished: CliJobResult['finished'];
  const child = startJsonLinesProcess(
    {
      command: process.execPath,
      args: [cliPath, ...cliArguments(request)],
      // The extension host may be Electron: make its binary behave as plain Node.
      env: { ...env, ELECTRON_RUN_AS_NODE: '1', ORT_DISABLE_TELEMETRY: '1' },
      isEvent: isJobEvent,
      cancelSignal: 'SIGINT',
      cancelGraceMs: CANCEL_GRACE_MS,
    },
    {
      onEvent: (event) => {
        if (event.type === 'finished') finished = event;
        listener.onEvent(event);
      },
      onText: (text, stream) => listener.onText(text, stream),
    },
  );
  return {
    done: child.done.then((end) => ({ ...end, finished })),
    cancel: (graceMs) => child.cancel(graceMs),
  };
}

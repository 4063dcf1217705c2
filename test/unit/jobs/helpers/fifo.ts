/**
 * Named pipes for confinement tests, with a guard so that a regression which opens one fails the
 * test instead of hanging the whole unit tier.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';

/** Creates a named pipe at `file` (coreutils' mkfifo; Node has no API for it). */
export function makeFifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

/** What {@link withPipeGuard} saw: the work's outcome, and whether the pipe had to release it. */
export interface GuardedOutcome<T> {
  outcome: PromiseSettledResult<T>;
  /** True when the work was still pending after `ms` and a writer was opened to unblock it. */
  released: boolean;
}

/**
 * Runs `work`; if it has not settled after `ms`, opens each pipe for writing and closes it again
 * (repeatedly), which releases a reader blocked opening or reading it, so the test ends and can
 * fail on `released`. The guard is a safety net only: nothing asserts how long the work took.
 */
export async function withPipeGuard<T>(
  pipes: readonly string[],
  work: () => Promise<T>,
  ms = 10_000,
): Promise<GuardedOutcome<T>> {
  let released = false;
  const release = (): void => {
    for (const pipe of pipes) {
      try {
        // Non-blocking: fails with ENXIO when nobody has the pipe open for reading.
        closeSync(openSync(pipe, constants.O_WRONLY | constants.O_NONBLOCK));
        released = true;
      } catch {
        // No reader is waiting on this pipe.
      }
    }
  };
  const timer = setInterval(release, ms);
  try {
    const [outcome] = await Promise.allSettled([work()]);
    return { outcome: outcome as PromiseSettledResult<T>, released };
  } finally {
    clearInterval(timer);
  }
}

/**
 * A reader that goes away early (`maskmedpaint augment --json | head -1`) makes writes to stdout
 * fail with EPIPE, which Node reports as an 'error' event that, unhandled, crashes the CLI with a
 * stack trace. Here stdout errors are caught once for the whole process: writing stops quietly and
 * whoever subscribed (the augment run) is told, so it can stop cleanly like a cancel.
 */

import { tty } from './terminalText';

const subscribers = new Set<() => void>();
let closed = false;

/** Calls `onClosed` when stdout closes (at once if it already has); returns an unsubscribe. */
export function onStdoutClosed(onClosed: () => void): () => void {
  if (closed) {
    onClosed();
    return () => {};
  }
  subscribers.add(onClosed);
  return () => subscribers.delete(onClosed);
}

/** Installs the handler on `stream` (process.stdout); call once at startup. */
export function watchStdout(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    // EPIPE is the expected way a pipe reader leaves; anything else is worth one line on stderr.
    if (error.code !== 'EPIPE') process.stderr.write(tty`maskmedpaint: stdout: ${error.message}\n`);
    for (const subscriber of subscribers) subscriber();
    subscribers.clear();
  });
}

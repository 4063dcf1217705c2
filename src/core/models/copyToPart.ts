/**
 * Streams an HTTP response body into a download's `.part` file. Unlike stream.pipeline, a failed
 * or cancelled read ends the file gracefully so every byte already received reaches the disk (the
 * next attempt resumes from the file's real size). Bytes past `limit` are never written: the
 * response is cut at the limit and the copy fails with the caller's overflow error.
 */
import type { IncomingMessage } from 'node:http';
import { Transform, type Writable } from 'node:stream';
import { WriteError } from './downloadErrors';

/** Where the bytes go and what bounds them. */
export interface CopyOptions {
  /** The .part file's path (for messages). */
  part: string;
  /** Bytes already in the .part before this response's first byte. */
  offset: number;
  /** Size the .part may reach at most; undefined = unbounded. */
  limit?: number;
  /** Called with each chunk's length as it passes (progress). */
  onChunk: (bytes: number) => void;
  /** The error to fail with when the response goes past `limit`. */
  onOverflow: () => Error;
  signal?: AbortSignal;
}

/** Copies `response` into `sink`; resolves when the sink has closed with every byte received. */
export function copyToPart(
  response: IncomingMessage,
  sink: Writable,
  options: CopyOptions,
): Promise<void> {
  const { part, signal } = options;
  return new Promise((resolve, reject) => {
    let readFailure: Error | undefined;
    let writeFailure: Error | undefined;
    let size = options.offset;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        const room = options.limit === undefined ? chunk.length : options.limit - size;
        const kept = room < chunk.length ? chunk.subarray(0, Math.max(0, room)) : chunk;
        size += kept.length;
        if (kept.length > 0) options.onChunk(kept.length);
        callback(null, kept);
        if (kept.length < chunk.length) stopReading(options.onOverflow());
      },
    });
    const stopReading = (error: Error): void => {
      if (readFailure !== undefined || writeFailure !== undefined) return;
      readFailure = error;
      response.unpipe(counter);
      response.destroy();
      counter.end(); // flush what was received; the sink then finishes normally
    };
    const onAbort = (): void => {
      const cancelled = new Error('Download cancelled; the partial file is kept for resume.');
      cancelled.name = 'AbortError';
      stopReading(cancelled);
    };
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    response.once('error', (error: Error) =>
      stopReading(new Error(`connection dropped: ${error.message}`, { cause: error })),
    );
    response.once('close', () => {
      if (!response.complete) stopReading(new Error('connection dropped'));
    });
    sink.once('error', (error: Error) => {
      writeFailure = error;
      response.destroy();
    });
    sink.once('close', () => {
      signal?.removeEventListener('abort', onAbort);
      if (writeFailure !== undefined) reject(new WriteError(part, writeFailure));
      else if (readFailure !== undefined) reject(readFailure);
      else resolve();
    });
    response.pipe(counter).pipe(sink);
  });
}

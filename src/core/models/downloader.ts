/**
 * Resumable, verified download of one file. Bytes go to `<destination>.part`; an interrupted
 * download resumes from the .part's size with an HTTP Range request; the SHA-256 of the whole
 * file is checked before the .part is renamed to the destination, so a destination file is only
 * ever a complete, verified one.
 */
import { createWriteStream } from 'node:fs';
import * as fsp from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Transform, type Writable } from 'node:stream';
import { sha256File } from '../util/hash';
import { lockDownload } from './downloadLock';
import { getFollowingRedirects, HttpError, type GetOptions } from './httpGet';
import { ProgressMeter, type DownloadProgress } from './progressMeter';

export interface DownloadRequest extends GetOptions {
  url: string;
  destination: string;
  /** Lower-case hex SHA-256; null = unverified (the received hash is still returned). */
  expectedSha256: string | null;
  expectedSize?: number | null;
  onProgress?: (progress: DownloadProgress) => void;
  /** Automatic resumes after a dropped connection or a 5xx (default 3). */
  retries?: number;
  /** Abort a response that sends nothing for this long (default 60 s). */
  idleTimeoutMs?: number;
  /** Opens the .part file; injectable to simulate a full disk. */
  openWriteStream?: (path: string, append: boolean) => Writable;
  /** Clock for speed/ETA (tests inject one). */
  now?: () => number;
}

export interface DownloadResult {
  sha256: string;
  size: number;
  /** True when the hash was checked against an expected value. */
  verified: boolean;
}

/** Downloaded bytes did not match the expected SHA-256 (the partial file has been deleted). */
export class HashMismatchError extends Error {
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `SHA-256 mismatch for ${file}: expected ${expected}, got ${actual}. The partial download was deleted; ` +
        'try again, and if it repeats the file on the server has changed.',
    );
    this.name = 'HashMismatchError';
  }
}

/** Writing to disk failed (full disk, permissions); the partial file is kept for a later resume. */
export class WriteError extends Error {
  constructor(file: string, cause: Error) {
    super(
      `Could not write ${file}: ${cause.message}. The partial download is kept and resumes next time.`,
    );
    this.name = 'WriteError';
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await fsp.stat(path)).size;
  } catch {
    return 0;
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof WriteError || (error instanceof Error && error.name === 'AbortError'))
    return false;
  if (error instanceof HttpError) return error.status === undefined || error.status >= 500;
  return true; // socket resets, premature close, idle timeouts
}

/** Parse "bytes START-END/TOTAL" (TOTAL may be "*"). */
function parseContentRange(
  header: string | undefined,
): { start: number; total?: number } | undefined {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header?.trim() ?? '');
  if (!match) return undefined;
  return { start: Number(match[1]), total: match[2] === '*' ? undefined : Number(match[2]) };
}

/** One attempt: fetch from the current .part size to the end. */
async function attempt(request: DownloadRequest, part: string): Promise<void> {
  let offset = await sizeOf(part);
  if (request.expectedSize != null && offset >= request.expectedSize) {
    if (offset === request.expectedSize) return; // complete already; verified by the caller
    await fsp.rm(part, { force: true });
    offset = 0;
  }
  const headers = { ...request.headers, ...(offset > 0 ? { Range: `bytes=${offset}-` } : {}) };
  const { response, finalUrl } = await getFollowingRedirects(new URL(request.url), {
    ...request,
    headers,
  });
  const status = response.statusCode ?? 0;
  if (status === 416 && offset > 0) {
    response.resume();
    return; // the .part already holds the whole file; the hash check decides
  }
  if (status !== 200 && status !== 206) {
    response.resume();
    throw new HttpError(
      `HTTP ${status} ${response.statusMessage ?? ''}`.trim() + ` for ${finalUrl.href}`,
      status,
    );
  }
  let append = false;
  if (status === 206) {
    const range = parseContentRange(response.headers['content-range']);
    if (range === undefined || range.start !== offset) {
      response.resume();
      throw new HttpError(
        `Server answered a resume from byte ${offset} with an unexpected range`,
        500,
      );
    }
    append = true;
  } else {
    offset = 0; // the server ignored Range: start over
  }
  const length = Number(response.headers['content-length']);
  const total =
    Number.isFinite(length) && length >= 0 ? offset + length : (request.expectedSize ?? undefined);
  const meter = new ProgressMeter(offset, total, request.now);
  const idle = request.idleTimeoutMs ?? 60_000;
  response.setTimeout(idle, () => response.destroy(new Error(`No data for ${idle / 1000} s`)));
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      request.onProgress?.(meter.add(chunk.length));
      callback(null, chunk);
    },
  });
  const open =
    request.openWriteStream ??
    ((path, doAppend) => createWriteStream(path, { flags: doAppend ? 'a' : 'w' }));
  await copyToSink(response, counter, open(part, append), part, request.signal);
}

/**
 * Stream the response through `counter` into `sink`. Unlike stream.pipeline, a failed or cancelled
 * read ends the file gracefully so every byte already received reaches the disk (the next
 * attempt resumes from the file's real size).
 */
function copyToSink(
  response: IncomingMessage,
  counter: Transform,
  sink: Writable,
  part: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let readFailure: Error | undefined;
    let writeFailure: Error | undefined;
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
    response.once('error', stopReading);
    response.once('close', () => {
      if (!response.complete)
        stopReading(new Error('Connection closed before the download finished'));
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

/**
 * Download `url` to `destination`, resuming a previous .part, retrying dropped connections, and
 * verifying SHA-256 (and size) before the final rename.
 */
export async function downloadFile(request: DownloadRequest): Promise<DownloadResult> {
  const release = await lockDownload(request.destination);
  try {
    return await downloadLocked(request);
  } finally {
    await release();
  }
}

async function downloadLocked(request: DownloadRequest): Promise<DownloadResult> {
  const part = `${request.destination}.part`;
  const retries = request.retries ?? 3;
  for (let tryIndex = 0; ; tryIndex++) {
    try {
      await attempt(request, part);
      break;
    } catch (error) {
      if (tryIndex >= retries || !isRetryable(error) || request.signal?.aborted) throw error;
    }
  }
  const size = await sizeOf(part);
  if (request.expectedSize != null && size !== request.expectedSize) {
    await fsp.rm(part, { force: true });
    throw new Error(
      `Size mismatch for ${request.destination}: expected ${request.expectedSize} bytes, got ${size}. The partial download was deleted.`,
    );
  }
  const sha256 = await sha256File(part);
  if (request.expectedSha256 !== null && sha256 !== request.expectedSha256.toLowerCase()) {
    await fsp.rm(part, { force: true });
    throw new HashMismatchError(request.destination, request.expectedSha256, sha256);
  }
  await fsp.rename(part, request.destination);
  return { sha256, size, verified: request.expectedSha256 !== null };
}

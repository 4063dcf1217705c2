/**
 * Resumable, verified download of one file. Bytes go to `<destination>.part`; an interrupted
 * download resumes from the .part's size with an HTTP Range request; the SHA-256 of the whole
 * file is checked before the .part is renamed to the destination, so a destination file is only
 * ever a complete, verified one. Nothing beyond the expected size is ever written: a server that
 * announces or sends more is stopped (OversizeError), so it cannot fill the disk.
 */
import { createWriteStream } from 'node:fs';
import * as fsp from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { sha256File } from '../util/hash';
import {
  DownloadInterruptedError,
  HashMismatchError,
  OversizeError,
  WriteError,
} from './downloadErrors';
import { lockDownload } from './downloadLock';
import { getFollowingRedirects, HttpError, type GetOptions } from './httpGet';
import { ProgressMeter, type DownloadProgress } from './progressMeter';
import { copyToPart } from './copyToPart';

export { DownloadInterruptedError, HashMismatchError, OversizeError, WriteError };

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

async function sizeOf(path: string): Promise<number> {
  try {
    return (await fsp.stat(path)).size;
  } catch {
    return 0;
  }
}

function isRetryable(error: unknown): boolean {
  if (
    error instanceof WriteError ||
    error instanceof OversizeError ||
    (error instanceof Error && error.name === 'AbortError')
  )
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

/** What the attempts learned about the file: its size, once a server or the catalog says it. */
interface AttemptState {
  total: number | undefined;
}

/** One attempt: fetch from the current .part size to the end. */
async function attempt(request: DownloadRequest, part: string, state: AttemptState): Promise<void> {
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
  const announced = Number.isFinite(length) && length >= 0 ? offset + length : undefined;
  const expected = request.expectedSize ?? undefined;
  if (expected !== undefined && announced !== undefined && announced > expected) {
    response.destroy();
    throw new OversizeError(request.destination, finalUrl.href, expected, announced);
  }
  // The catalog's size bounds what is written; without one, the server's own Content-Length.
  const limit = expected ?? announced;
  state.total = limit;
  const meter = new ProgressMeter(offset, announced ?? expected, request.now);
  const idle = request.idleTimeoutMs ?? 60_000;
  response.setTimeout(idle, () => response.destroy(new Error(`No data for ${idle / 1000} s`)));
  const open =
    request.openWriteStream ??
    ((path, doAppend) => createWriteStream(path, { flags: doAppend ? 'a' : 'w' }));
  await copyToPart(response, open(part, append), {
    part,
    offset,
    ...(limit !== undefined ? { limit } : {}),
    onChunk: (bytes) => request.onProgress?.(meter.add(bytes)),
    onOverflow: () =>
      new OversizeError(request.destination, finalUrl.href, limit ?? offset, undefined),
    ...(request.signal ? { signal: request.signal } : {}),
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
  const state: AttemptState = { total: request.expectedSize ?? undefined };
  for (let tryIndex = 0; ; tryIndex++) {
    try {
      await attempt(request, part, state);
      break;
    } catch (error) {
      if (error instanceof OversizeError) {
        // Not the catalog's file: nothing of it is worth resuming.
        await fsp.rm(part, { force: true });
        throw error;
      }
      if (!isRetryable(error) || request.signal?.aborted) throw error;
      if (tryIndex >= retries) {
        // Say how much arrived of how much, and that the next run resumes (HTTP errors say it all).
        if (error instanceof HttpError && error.status !== undefined) throw error;
        const received = await sizeOf(part);
        throw new DownloadInterruptedError(
          request.destination,
          received,
          state.total,
          tryIndex + 1,
          error as Error,
        );
      }
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

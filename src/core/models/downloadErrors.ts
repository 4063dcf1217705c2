/**
 * The ways a model download ends without a verified file, each with a message that says what
 * happened to the partial download and what the user can do.
 */
import { formatBytes } from './progressMeter';

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
      { cause },
    );
    this.name = 'WriteError';
  }
}

/**
 * The server announced or sent more bytes than the catalog lists for the file. Nothing beyond the
 * expected size reaches the disk (a misbehaving server cannot fill it) and the partial download
 * is deleted: it is not the file the catalog describes.
 */
export class OversizeError extends Error {
  constructor(
    readonly file: string,
    readonly url: string,
    readonly expectedSize: number,
    readonly announced: number | undefined,
  ) {
    const what =
      announced !== undefined
        ? `announces ${announced} bytes (${formatBytes(announced)})`
        : 'sent more bytes';
    super(
      `${url} ${what} for ${file}, more than the ${expectedSize} bytes (${formatBytes(expectedSize)}) the ` +
        `catalog lists: the download was stopped at ${formatBytes(expectedSize)} at most and the partial ` +
        'file deleted. The file on the server has probably changed; a newer MaskMedPaint may list it.',
    );
    this.name = 'OversizeError';
  }
}

/**
 * The connection dropped (or stalled) on every attempt. The bytes received are kept in the
 * `.part` file and the next run of the same command resumes from them.
 */
export class DownloadInterruptedError extends Error {
  constructor(
    readonly file: string,
    readonly received: number,
    readonly total: number | undefined,
    readonly attempts: number,
    cause: Error,
  ) {
    const share =
      total !== undefined && total > 0
        ? `${formatBytes(received)} of ${formatBytes(total)} (${Math.floor((100 * received) / total)}%)`
        : `${formatBytes(received)} (total size unknown)`;
    super(
      `Download of ${file} interrupted after ${attempts} attempt${attempts === 1 ? '' : 's'} ` +
        `(${cause.message}): ${share} arrived${received > 0 ? ' and is kept' : ''}; ` +
        `run the same command again to ${received > 0 ? 'resume from there' : 'retry'}.`,
      { cause },
    );
    this.name = 'DownloadInterruptedError';
  }
}

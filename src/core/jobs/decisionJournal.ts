/**
 * The review decisions journal (`.maskmedpaint-decisions.jsonl` beside the manifest): one JSON
 * line appended per decision. Appending costs the same whatever the run's size (no manifest
 * rewrite per click), needs no lock, and cannot lose a decision to a job that rewrites the
 * manifest meanwhile: every reader folds the journal into the manifest it reads
 * (decisionFold.ts), and only the run folder's lock holder compacts it into the manifest.
 * The journal is never truncated: it is also the review's audit trail (who decided what, when,
 * on which image).
 */
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DECISIONS_FILE_NAME } from '../../shared/manifest';
import { parseDecision, type ReviewDecision } from './decisionRecord';

export type { ReviewDecision } from './decisionRecord';

/** The journal of the run folder `runDir`. */
export function decisionsPath(runDir: string): string {
  return path.join(runDir, DECISIONS_FILE_NAME);
}

/** One line of JSON with a fixed key order (the journal is read by people too). */
function formatDecision(decision: ReviewDecision): string {
  const { id, status, sha256, decidedAt, decidedBy, note } = decision;
  return JSON.stringify({ id, status, ...(note ? { note } : {}), decidedAt, decidedBy, sha256 });
}

/**
 * Appends one decision and waits until it is on disk. One `write` of a complete line in append
 * mode, so concurrent writers (two review panels, the CLI) never interleave on a local file
 * system; a line torn by a crash is closed first, so it cannot swallow the next decision.
 * @throws Error naming the invalid field when `decision` is malformed.
 */
export async function appendDecision(runDir: string, decision: ReviewDecision): Promise<void> {
  const checked = parseDecision(decision);
  if (typeof checked === 'string') throw new Error(`invalid review decision: ${checked}`);
  const file = decisionsPath(runDir);
  const handle = await fs.open(file, 'a+');
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error(`${file} is not a regular file`);
    const { size } = stat;
    let startsFresh = true;
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      startsFresh = last[0] === 0x0a;
    }
    const bytes = Buffer.from(`${startsFresh ? '' : '\n'}${formatDecision(checked)}\n`, 'utf8');
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
      written += bytesWritten;
    }
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** What {@link readDecisions} found. */
export interface DecisionsRead {
  /** Valid decisions in journal order. */
  decisions: ReviewDecision[];
  /** Lines that are not decisions, e.g. `byte 120: status must be one of ...`. */
  malformed: string[];
  /** Where the next incremental read starts (after the last complete line). */
  nextOffset: number;
  /** The journal's size in bytes when it was read (0 when there is none). */
  size: number;
}

/**
 * Reads the decisions appended at or after byte `fromOffset` (0: all). A last line without its
 * newline (being written, or torn by a crash) is left for the next read. A journal shorter than
 * `fromOffset` (replaced by hand) is read again from the start.
 * @throws Error when the journal exists but cannot be read or is not a regular file.
 */
export async function readDecisions(runDir: string, fromOffset = 0): Promise<DecisionsRead> {
  const file = decisionsPath(runDir);
  let bytes: Buffer;
  let size: number;
  let start: number;
  try {
    // A FIFO or device under the journal's name would block or never end: only files are read.
    if (!(await fs.stat(file)).isFile()) throw new Error(`${file} is not a regular file`);
    const handle = await fs.open(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new Error(`${file} is not a regular file`);
      size = stat.size;
      // Only the bytes after `fromOffset` are read: a reader that follows the journal pays for
      // the decisions appended since, not for the whole review history.
      start = fromOffset <= size ? fromOffset : 0;
      bytes = Buffer.alloc(size - start);
      let read = 0;
      while (read < bytes.length) {
        const { bytesRead } = await handle.read(bytes, read, bytes.length - read, start + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      bytes = bytes.subarray(0, read);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { decisions: [], malformed: [], nextOffset: 0, size: 0 };
    throw error;
  }
  const end = bytes.lastIndexOf(0x0a) + 1;
  const read: DecisionsRead = {
    decisions: [],
    malformed: [],
    nextOffset: start + end,
    size,
  };
  let lineStart = 0;
  while (lineStart < end) {
    const lineEnd = bytes.indexOf(0x0a, lineStart);
    const text = bytes.toString('utf8', lineStart, lineEnd).trim();
    if (text !== '') {
      let parsed: ReviewDecision | string;
      try {
        parsed = parseDecision(JSON.parse(text));
      } catch {
        parsed = 'not valid JSON';
      }
      if (typeof parsed === 'string') read.malformed.push(`byte ${start + lineStart}: ${parsed}`);
      else read.decisions.push(parsed);
    }
    lineStart = lineEnd + 1;
  }
  return read;
}

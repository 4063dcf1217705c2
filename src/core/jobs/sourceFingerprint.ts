/**
 * Source fingerprints: how a resumed run notices that a source image was edited in place (same
 * name, new content) since its outputs were made.
 *
 * Size and modification time are compared first because they cost one `stat` and no reading;
 * they catch every ordinary edit (an editor, a re-export, a re-download all change the time).
 * The SHA-256 of the bytes decides only when they differ, so a copy, `touch` or `git checkout`
 * that keeps the bytes does not regenerate anything. Recording the hash is cheap: the file is
 * read from the page cache right before it is decoded, and hashing runs at over 1 GB/s, far
 * below the cost of decoding and generating the image.
 */
import { stat } from 'node:fs/promises';
import type { SourceFingerprint } from '../../shared/manifest';
import { sha256File } from '../util/hash';

/**
 * Fingerprints a source file. The time is read before the bytes: if the file changes between
 * the two, the recorded time is older than the content, so the next resume hashes it again and
 * never takes a newer file for the recorded one.
 * @returns undefined when the file cannot be read (decoding it will then report why).
 */
export async function fingerprintSource(filePath: string): Promise<SourceFingerprint | undefined> {
  try {
    const { size, mtimeMs } = await stat(filePath);
    return { size, mtimeMs, sha256: await sha256File(filePath) };
  } catch {
    return undefined;
  }
}

/** Why a source no longer matches its fingerprint. */
export type SourceChange = 'missing' | 'size' | 'content';

/** Human-readable reasons, for job events and logs. */
export const SOURCE_CHANGE_TEXT: Readonly<Record<SourceChange, string>> = {
  missing: 'the file can no longer be read',
  size: 'its size changed',
  content: 'its content changed',
};

/** The outcome of comparing a source file with its recorded fingerprint. */
export type SourceComparison =
  { change: null; fingerprint: SourceFingerprint } | { change: SourceChange };

/**
 * Compares source files with recorded fingerprints, each file at most once per check (a
 * source's k items share it).
 */
export class SourceChangeCheck {
  private readonly results = new Map<string, Promise<SourceComparison>>();

  /**
   * How `filePath` differs from `recorded`, or, when it is unchanged, its current fingerprint
   * (the same bytes with a newer time after a `touch` or copy: recording it spares the next
   * resume from hashing the file again).
   */
  compare(filePath: string, recorded: SourceFingerprint): Promise<SourceComparison> {
    const key = `${filePath}\n${recorded.size}\n${recorded.mtimeMs}\n${recorded.sha256}`;
    let result = this.results.get(key);
    if (!result) {
      result = compareFile(filePath, recorded);
      this.results.set(key, result);
    }
    return result;
  }
}

async function compareFile(
  filePath: string,
  recorded: SourceFingerprint,
): Promise<SourceComparison> {
  let now;
  try {
    now = await stat(filePath);
  } catch {
    return { change: 'missing' };
  }
  if (now.size !== recorded.size) return { change: 'size' };
  if (now.mtimeMs === recorded.mtimeMs) return { change: null, fingerprint: recorded };
  let sha256: string;
  try {
    sha256 = await sha256File(filePath);
  } catch {
    return { change: 'missing' };
  }
  // The time was read before the bytes (see fingerprintSource), so it is never too new.
  return sha256 === recorded.sha256
    ? { change: null, fingerprint: { size: now.size, mtimeMs: now.mtimeMs, sha256 } }
    : { change: 'content' };
}

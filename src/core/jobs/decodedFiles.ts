/**
 * Decoded input files kept for the length of a run: the target exemplars and their masks. The
 * method learns the target domain from a handful of images, so a few targets serve every source,
 * and decoding one again for each item was a large part of an item's work (a 512 x 512 PNG about
 * 6 ms of CPU; a 2048 x 2048 JPEG several times that).
 *
 * - Keyed by path, the read's own settings, and the file's size and modification time: a file
 *   changed during the run is read again.
 * - Bounded by bytes; the least recently used go first; an entry larger than the bound is not kept.
 * - A failed read is not kept (the next item tries again and reports its own error).
 * - Items asking at once share one read.
 *
 * The values are shared between items: callers must not modify them. No engine does; each writes
 * into its own copy (and `pasteKeyRegion` writes in place only into images made for it).
 */
import { stat } from 'node:fs/promises';

/** Default bound per run (per thread in the thread pool): about eighty 512 x 512 RGB targets. */
export const DEFAULT_DECODED_BYTES = 64 * 2 ** 20;

interface Entry<T> {
  value: Promise<T>;
  bytes: number;
}

export class DecodedFiles<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private bytes = 0;

  /** `sizeOf` tells how many bytes a value holds (what counts against `maxBytes`). */
  constructor(
    private readonly sizeOf: (value: T) => number,
    private readonly maxBytes = DEFAULT_DECODED_BYTES,
  ) {}

  /**
   * The value `read` gives for `path` (read with `settings`, which become part of the key),
   * read once while the file is unchanged and the value stays within the bound.
   */
  async get(path: string, settings: string, read: () => Promise<T>): Promise<T> {
    // A file that cannot be stat'ed is read as before, so that its error is the reader's own.
    const file = await stat(path).catch(() => undefined);
    if (file === undefined) return read();
    const key = JSON.stringify([path, settings, file.size, file.mtimeMs]);
    const known = this.entries.get(key);
    if (known !== undefined) {
      // Most recently used last: Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known.value;
    }
    const entry: Entry<T> = { value: read(), bytes: 0 };
    this.entries.set(key, entry);
    let value: T;
    try {
      value = await entry.value;
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
    if (this.entries.get(key) === entry) this.admit(key, entry, this.sizeOf(value));
    return value;
  }

  /** Bytes held by finished entries. */
  get heldBytes(): number {
    return this.bytes;
  }

  private admit(key: string, entry: Entry<T>, bytes: number): void {
    if (bytes > this.maxBytes) {
      this.entries.delete(key);
      return;
    }
    entry.bytes = bytes;
    this.bytes += bytes;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      if (old === entry || old.bytes === 0) continue; // this one, or a read still in flight
      this.entries.delete(oldKey);
      this.bytes -= old.bytes;
    }
  }
}

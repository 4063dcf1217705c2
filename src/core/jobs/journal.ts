/**
 * The job journal: one JSON line appended (and flushed to disk) per finished item. The manifest is
 * rewritten only every few items (rewriting 10,000 items after each one would be quadratic), so
 * the journal is what lets a resumed run recognise outputs written after the last manifest flush.
 * A line is appended only after its output was renamed into place, so "output file on disk with a
 * matching hash and a journal or manifest line" is authoritative.
 */
import { promises as fs } from 'node:fs';
import type { ManifestItem } from '../../shared/manifest';

/** File name of the journal inside the output folder (hidden: it is bookkeeping, not data). */
export const JOURNAL_FILE_NAME = '.maskmedpaint-journal.jsonl';

/**
 * What one journal line records about an item: its manifest record without the review state
 * (inputs included, so a resumed run can check the output was made from the same inputs).
 */
export type JournalEntry = Omit<ManifestItem, 'review'>;

/** Reads journal entries; a torn last line (killed mid-append) and foreign lines are ignored. */
export async function readJournal(journalPath: string): Promise<JournalEntry[]> {
  let text: string;
  try {
    text = await fs.readFile(journalPath, 'utf8');
  } catch {
    return [];
  }
  const entries: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as Partial<JournalEntry>;
      if (typeof value.id === 'string' && typeof value.status === 'string')
        entries.push(value as JournalEntry);
    } catch {
      // torn write: the item it described is simply regenerated
    }
  }
  return entries;
}

/** Appends entries durably. */
export class JournalWriter {
  private constructor(private readonly handle: fs.FileHandle) {}

  /** Opens (creating) the journal for appending. */
  static async open(journalPath: string): Promise<JournalWriter> {
    return new JournalWriter(await fs.open(journalPath, 'a'));
  }

  /** Appends one entry and waits until it is on disk. */
  async append(entry: JournalEntry): Promise<void> {
    await this.handle.write(JSON.stringify(entry) + '\n');
    await this.handle.datasync();
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

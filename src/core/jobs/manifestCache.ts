/**
 * A manifest kept in memory between reads, for the views that show a run while a reviewer works
 * through it (review panel, gallery). A read costs a `stat` of the manifest and the decisions
 * appended to the journal since the last read: what one review decision changes, whatever the
 * run's size. The manifest itself is parsed and validated again only when its file changed (its
 * size, times or inode), and the journal is folded in from the start again only when it was
 * replaced (it is append-only otherwise).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Manifest, ManifestItem } from '../../shared/manifest';
import { decidedItem } from './decisionFold';
import { readDecisions } from './decisionJournal';
import { readManifestWithDecisions } from './manifestStore';

/** What a read found: the manifest, and which items differ from the previous read's. */
export interface CachedManifestRead {
  manifest: Manifest;
  /** Ids of the items whose record changed since the last read; `all` after a full read. */
  changed: ReadonlySet<string> | 'all';
}

interface Entry {
  manifestPath: string;
  fileKey: string;
  manifest: Manifest;
  indexOf: Map<string, number>;
  journalOffset: number;
}

const fileKeyOf = (stat: {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}): string => `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;

/** One manifest at a time (the one a view shows); reading another replaces it. */
export class ManifestCache {
  private entry: Entry | undefined;
  private reading: Promise<CachedManifestRead> | undefined;

  /**
   * The manifest at `manifestPath` with every decision folded in, as {@link readManifest} gives
   * it. Reads are serialised, so two callers never fold the same journal lines twice.
   * @throws ManifestError as readManifest does.
   */
  read(manifestPath: string): Promise<CachedManifestRead> {
    const next = (this.reading ?? Promise.resolve()).then(
      () => this.readNow(path.resolve(manifestPath)),
      () => this.readNow(path.resolve(manifestPath)),
    );
    this.reading = next;
    return next;
  }

  /** Forgets the cached manifest (the next read parses the file). */
  clear(): void {
    this.entry = undefined;
  }

  private async readNow(manifestPath: string): Promise<CachedManifestRead> {
    const fileKey = fileKeyOf(await fs.stat(manifestPath));
    const entry = this.entry;
    if (entry && entry.manifestPath === manifestPath && entry.fileKey === fileKey) {
      const tail = await readDecisions(path.dirname(manifestPath), entry.journalOffset);
      // A journal shorter than what was folded was replaced: fold it again from the start.
      if (tail.size >= entry.journalOffset) return this.foldTail(entry, tail);
    }
    return this.readWhole(manifestPath, fileKey);
  }

  private foldTail(
    entry: Entry,
    tail: Awaited<ReturnType<typeof readDecisions>>,
  ): CachedManifestRead {
    const changed = new Set<string>();
    const items = tail.decisions.length > 0 ? entry.manifest.items.slice() : entry.manifest.items;
    for (const decision of tail.decisions) {
      const index = entry.indexOf.get(decision.id);
      const current = index === undefined ? undefined : items[index];
      if (index === undefined || current === undefined) continue;
      const { item } = decidedItem(current, decision);
      items[index] = item;
      changed.add(item.id);
    }
    entry.journalOffset = tail.nextOffset;
    if (changed.size > 0) entry.manifest = { ...entry.manifest, items };
    return { manifest: entry.manifest, changed };
  }

  private async readWhole(manifestPath: string, fileKey: string): Promise<CachedManifestRead> {
    this.entry = undefined;
    const { manifest, decisions } = await readManifestWithDecisions(manifestPath);
    this.entry = {
      manifestPath,
      fileKey,
      manifest,
      indexOf: new Map(manifest.items.map((item: ManifestItem, index) => [item.id, index])),
      journalOffset: decisions.journalOffset,
    };
    return { manifest, changed: 'all' };
  }
}

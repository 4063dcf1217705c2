/**
 * What the manifest gallery lays out: one cell per item, except that the failed augmentations of
 * one source become a single cell. A source that cannot be read fails every one of its k
 * augmentations with the same reason; one card per source with the reason says it once (three bad
 * files are three cards, not fifteen broken images). Pure; entry objects are reused while their
 * items are unchanged, so the virtual grid re-renders only cells whose content changed.
 */
import type { GalleryItemView } from '../../shared/webviewProtocol';

/** One item's cell. */
export interface ItemEntry {
  kind: 'item';
  key: string;
  item: GalleryItemView;
}

/** The failed augmentations of one source. */
export interface FailedSourceEntry {
  kind: 'failedSource';
  key: string;
  /** The source as the manifest records it. */
  source: string;
  /** Its failed items, in manifest order (the first is opened in the review panel). */
  items: GalleryItemView[];
  /** The distinct error messages, in order of first appearance. */
  errors: string[];
}

/** A cell of the manifest gallery. */
export type GalleryEntry = ItemEntry | FailedSourceEntry;

/** The last path segment of a recorded (POSIX) path. */
export function fileNameOf(recorded: string): string {
  return recorded.slice(recorded.lastIndexOf('/') + 1);
}

/** Builds entries and keeps the objects of unchanged entries between calls. */
export class GalleryEntries {
  private itemEntries = new WeakMap<GalleryItemView, ItemEntry>();
  private failedEntries = new Map<string, FailedSourceEntry>();

  /** Entries for `items` (already filtered), failed items grouped by source at the first one's place. */
  build(items: readonly GalleryItemView[]): GalleryEntry[] {
    const failedBySource = new Map<string, GalleryItemView[]>();
    for (const item of items) {
      if (item.status !== 'failed') continue;
      const group = failedBySource.get(item.source);
      if (group) group.push(item);
      else failedBySource.set(item.source, [item]);
    }
    const nextFailed = new Map<string, FailedSourceEntry>();
    const entries: GalleryEntry[] = [];
    for (const item of items) {
      if (item.status !== 'failed') {
        entries.push(this.itemEntry(item));
        continue;
      }
      const group = failedBySource.get(item.source);
      if (!group || group[0] !== item) continue;
      const entry = this.failedEntry(item.source, group);
      nextFailed.set(item.source, entry);
      entries.push(entry);
    }
    this.failedEntries = nextFailed;
    return entries;
  }

  private itemEntry(item: GalleryItemView): ItemEntry {
    let entry = this.itemEntries.get(item);
    if (!entry) {
      entry = { kind: 'item', key: `item:${item.id}`, item };
      this.itemEntries.set(item, entry);
    }
    return entry;
  }

  private failedEntry(source: string, items: GalleryItemView[]): FailedSourceEntry {
    const previous = this.failedEntries.get(source);
    if (
      previous &&
      previous.items.length === items.length &&
      previous.items.every((item, index) => item === items[index])
    )
      return previous;
    const errors = [...new Set(items.map((item) => item.error ?? 'failed'))];
    return { kind: 'failedSource', key: `failed:${source}`, source, items, errors };
  }
}

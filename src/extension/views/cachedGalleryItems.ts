/**
 * The gallery's item views of one manifest, kept between reloads: after a review decision only
 * the items the decisions journal changed are confined and mapped again (core ManifestCache reads
 * the journal's new lines, not the manifest), so a reload costs the same in a run of ten images
 * or a hundred thousand. A rewritten manifest (a job's write, a compaction) is read whole.
 *
 * A large run is shown before all its image paths are checked: the first {@link EAGER_ITEMS}
 * items are confined at once, the others are shown without images ("checking") and confined in
 * the background in manifest order, a chunk at a time; after each chunk `onLateViews` runs, and
 * the next load returns the chunk's finished views (the follower sends them as a patch). Checking
 * every path of 100,000 items takes seconds (four file checks per item); the first screen needs
 * a few dozen.
 */
import { existsSync } from 'node:fs';
import type * as vscode from 'vscode';
import { ManifestCache } from '../../core/jobs/manifestCache';
import type { Manifest } from '../../shared/manifest';
import type { GalleryItemView } from '../../shared/webviewProtocol';
import { manifestItemViews, type ToWebviewUri } from './galleryContent';
import { pendingItemView } from './galleryModel';

/** Items confined before a manifest's first load returns: the first screens of the gallery. */
export const EAGER_ITEMS = 600;
/** Items the background pass confines between two `onLateViews` calls. */
export const LATE_CHUNK = 2000;

/** Loads a manifest's gallery views, reusing those of unchanged items. */
export class CachedGalleryItems {
  private readonly manifests = new ManifestCache();
  private views: GalleryItemView[] = [];
  private indexOf = new Map<string, number>();
  /** Ids whose views still wait for their image paths, in manifest order. */
  private pending = new Set<string>();
  /** The manifest of the last load (the background pass maps its items). */
  private latest: Manifest | undefined;
  /** Bumped whenever the views start over; a background pass of an older one stops. */
  private generation = 0;
  private completion: Promise<void> = Promise.resolve();

  constructor(
    /** Called when the background pass finished a chunk: the next load returns its views. */
    private readonly onLateViews: () => void = () => undefined,
    private readonly eagerItems = EAGER_ITEMS,
    private readonly lateChunk = LATE_CHUNK,
  ) {}

  /** Forget everything (another manifest or another webview is shown). */
  clear(): void {
    this.generation += 1;
    this.manifests.clear();
    this.views = [];
    this.indexOf = new Map();
    this.pending = new Set();
    this.latest = undefined;
  }

  /** Resolves when no view waits for its images any more (or the pass was stopped). */
  whenComplete(): Promise<void> {
    return this.completion;
  }

  /** The views of every item of the manifest at `manifestUri`, in manifest order. */
  async load(
    manifestUri: vscode.Uri,
    toUri: ToWebviewUri,
    warn: (message: string) => void,
  ): Promise<GalleryItemView[]> {
    // A job that has just started may not have written its manifest yet: an empty run for now.
    if (!existsSync(manifestUri.fsPath)) {
      this.clear();
      return [];
    }
    const { manifest, changed } = await this.manifests.read(manifestUri.fsPath);
    this.latest = manifest;
    if (changed === 'all') {
      this.generation += 1;
      const eager = manifest.items.slice(0, this.eagerItems);
      const late = manifest.items.slice(this.eagerItems);
      const confined = await manifestItemViews(manifestUri, manifest, eager, toUri, warn);
      this.views = [...confined, ...late.map(pendingItemView)];
      this.indexOf = new Map(this.views.map((view, index) => [view.id, index]));
      this.pending = new Set(late.map((item) => item.id));
      if (late.length > 0)
        this.completion = this.confineLate(this.generation, manifestUri, toUri, warn);
      return this.views;
    }
    if (changed.size === 0) return this.views;
    const items = manifest.items.filter((item) => changed.has(item.id));
    const fresh = await manifestItemViews(manifestUri, manifest, items, toUri, warn);
    this.replace(fresh);
    return this.views;
  }

  /** Puts `fresh` views in place of the old ones (new array: the follower diffs by reference). */
  private replace(fresh: readonly GalleryItemView[]): void {
    const views = this.views.slice();
    for (const view of fresh) {
      const index = this.indexOf.get(view.id);
      if (index === undefined) continue;
      views[index] = view;
      this.pending.delete(view.id);
    }
    this.views = views;
  }

  /** The background pass: confines the pending items a chunk at a time, in manifest order. */
  private async confineLate(
    generation: number,
    manifestUri: vscode.Uri,
    toUri: ToWebviewUri,
    warn: (message: string) => void,
  ): Promise<void> {
    while (generation === this.generation && this.pending.size > 0 && this.latest) {
      const manifest = this.latest;
      const items = [];
      for (const id of this.pending) {
        const item = manifest.items[this.indexOf.get(id) ?? -1];
        if (item?.id === id) items.push(item);
        if (items.length === this.lateChunk) break;
      }
      // Items the manifest no longer has where the views expect them: a rewrite is on its way,
      // and its load starts over.
      if (items.length === 0) return;
      const fresh = await manifestItemViews(manifestUri, manifest, items, toUri, warn);
      if (generation !== this.generation) return;
      // A decision made meanwhile already mapped its item afresh; keep that view.
      this.replace(fresh.filter((view) => this.pending.has(view.id)));
      this.onLateViews();
    }
  }
}

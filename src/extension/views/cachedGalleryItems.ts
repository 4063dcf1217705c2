/**
 * The gallery's item views of one manifest, kept between reloads: after a review decision only
 * the items the decisions journal changed are confined and mapped again (core ManifestCache reads
 * the journal's new lines, not the manifest), so a reload costs the same in a run of ten images
 * or a hundred thousand. A rewritten manifest (a job's write, a compaction) is read whole.
 */
import { existsSync } from 'node:fs';
import type * as vscode from 'vscode';
import { ManifestCache } from '../../core/jobs/manifestCache';
import type { GalleryItemView } from '../../shared/webviewProtocol';
import { manifestItemViews, type ToWebviewUri } from './galleryContent';

/** Loads a manifest's gallery views, reusing those of unchanged items. */
export class CachedGalleryItems {
  private readonly manifests = new ManifestCache();
  private views: GalleryItemView[] = [];
  private indexOf = new Map<string, number>();

  /** Forget everything (another manifest or another webview is shown). */
  clear(): void {
    this.manifests.clear();
    this.views = [];
    this.indexOf = new Map();
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
    if (changed === 'all') {
      this.views = await manifestItemViews(manifestUri, manifest, manifest.items, toUri, warn);
      this.indexOf = new Map(this.views.map((view, index) => [view.id, index]));
      return this.views;
    }
    if (changed.size === 0) return this.views;
    const items = manifest.items.filter((item) => changed.has(item.id));
    const fresh = await manifestItemViews(manifestUri, manifest, items, toUri, warn);
    const views = this.views.slice();
    for (const view of fresh) {
      const index = this.indexOf.get(view.id);
      if (index !== undefined) views[index] = view;
    }
    this.views = views;
    return views;
  }
}

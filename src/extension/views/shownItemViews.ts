/**
 * What the gallery webview shows, kept by the host so that a reload sends only what changed. A
 * view object handed back unchanged by the loader (CachedGalleryItems reuses the views of items a
 * decision did not touch) is skipped by reference; only new objects are fingerprinted and
 * compared. A reload after one decision in a run of 100,000 items costs one pass of reference
 * comparisons, not 100,000 JSON serialisations.
 */
import type { GalleryItemView } from '../../shared/webviewProtocol';
import { itemFingerprint } from './galleryModel';

/** The views the webview shows, by id, with their fingerprints. */
export class ShownItemViews {
  private views = new Map<string, GalleryItemView>();
  private fingerprints = new Map<string, string>();

  /** The webview now shows exactly `items` (a full state was sent). */
  reset(items: readonly GalleryItemView[]): void {
    this.views = new Map(items.map((view) => [view.id, view]));
    this.fingerprints = new Map(items.map((view) => [view.id, itemFingerprint(view)]));
  }

  /**
   * Records `next` as shown; the views that are new or changed, and whether items left (then
   * the caller sends a full state and {@link reset}s).
   */
  update(next: readonly GalleryItemView[]): { changed: GalleryItemView[]; removed: boolean } {
    const changed: GalleryItemView[] = [];
    for (const view of next) {
      if (this.views.get(view.id) === view) continue;
      const fingerprint = itemFingerprint(view);
      if (this.fingerprints.get(view.id) !== fingerprint) changed.push(view);
      this.fingerprints.set(view.id, fingerprint);
      this.views.set(view.id, view);
    }
    // Ids are unique in a manifest: more known ids than items means some left.
    return { changed, removed: this.views.size > next.length };
  }
}

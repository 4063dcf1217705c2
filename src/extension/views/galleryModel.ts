/**
 * Pure host-side logic of the gallery: manifest items to view items (webview URIs, mask quality
 * flags, quality measurements) and the incremental diff sent while a job rewrites the manifest.
 * No vscode import, so it is unit-tested in plain Node.
 */
import type { ManifestItem } from '../../shared/manifest';
import type { GalleryItemView, MaskFlag } from '../../shared/webviewProtocol';
import type { ItemImagePaths } from './confinedItemPaths';

/** Coverage below this counts as an empty key region, above 1 - this as covering everything. */
export const EMPTY_MASK_COVERAGE = 0.002;
/** More connected key-region components than this counts as fragmented. */
export const FRAGMENTED_MASK_COMPONENTS = 3;

/** Quality flags for an item's key-region mask; unknown measurements give no flag. */
export function maskFlagsFor(
  item: Pick<ManifestItem, 'mask' | 'maskCoverage' | 'maskComponents' | 'maskAspectMismatch'>,
): MaskFlag[] {
  const flags: MaskFlag[] = [];
  if (item.mask === null) return flags;
  if (item.maskCoverage !== undefined) {
    if (item.maskCoverage <= EMPTY_MASK_COVERAGE) flags.push('empty');
    else if (item.maskCoverage >= 1 - EMPTY_MASK_COVERAGE) flags.push('full');
  }
  if (item.maskComponents !== undefined && item.maskComponents > FRAGMENTED_MASK_COMPONENTS)
    flags.push('fragmented');
  if (item.maskAspectMismatch !== undefined) flags.push('stretched');
  return flags;
}

/** The last segment of a manifest path (POSIX separators, as manifests record them). */
function fileName(recorded: string): string {
  return recorded.slice(recorded.lastIndexOf('/') + 1);
}

/**
 * `uri` with the item's hash as a query: the same path gets new content when an item is re-run,
 * and a webview would otherwise keep showing the image it cached under that URI. (VS Code's own
 * image preview busts its cache the same way; the resource loader ignores the query.)
 */
export function versionedUri(uri: string | null, sha256: string | null): string | null {
  if (uri === null || sha256 === null) return uri;
  return `${uri}${uri.includes('?') ? '&' : '?'}v=${encodeURIComponent(sha256.slice(0, 16))}`;
}

/**
 * Maps one manifest item to what the webview draws. `paths` are the item's images after
 * confinement (null where refused or missing); `toUri` turns an absolute path into a webview URI
 * string, or null when the path is outside the allowed roots (then nothing is shown).
 */
export function toItemView(
  item: ManifestItem,
  paths: ItemImagePaths,
  toUri: (absolutePath: string) => string | null,
): GalleryItemView {
  const uriOf = (absolute: string | null): string | null =>
    absolute === null ? null : toUri(absolute);
  const view: GalleryItemView = {
    id: item.id,
    name: fileName(item.output ?? item.source),
    source: item.source,
    label: item.label,
    status: item.status,
    error: item.error,
    sourceUri: uriOf(paths.source) ?? '',
    maskUri: versionedUri(uriOf(paths.mask), item.sha256),
    outputUri: versionedUri(uriOf(paths.output), item.sha256),
    maskFlags: maskFlagsFor(item),
  };
  if (item.review?.note) view.note = item.review.note;
  if (item.quality) {
    const { seam, keptExact, ssimTarget, ssimSource } = item.quality;
    view.quality = {
      seam,
      keptExact,
      ssimTarget,
      ssimSource,
      rejected: item.quality.rejected?.length ?? 0,
    };
    // Measured on the output: regenerated with it, so versioned by its hash like the output.
    if (item.quality.regions !== undefined)
      view.regionsUri = versionedUri(uriOf(paths.regions), item.sha256);
  }
  if (item.review?.staleDecision) view.staleDecision = item.review.staleDecision.status;
  return view;
}

/** Where an item's images are not known yet. */
const NO_PATHS: ItemImagePaths = { source: null, mask: null, output: null, regions: null };

/**
 * The view of an item whose image paths are still being checked (a large run's first load,
 * cachedGalleryItems.ts): everything but the images, which follow in a patch.
 */
export function pendingItemView(item: ManifestItem): GalleryItemView {
  return { ...toItemView(item, NO_PATHS, () => null), imagesPending: true };
}

/** A cheap fingerprint of what the gallery draws for an item (changes mean "send a patch"). */
export function itemFingerprint(view: GalleryItemView): string {
  return JSON.stringify(view);
}

/**
 * Pure host-side logic of the gallery: manifest items to view items (webview URIs, mask quality
 * flags) and the incremental diff sent while a job rewrites the manifest. No vscode import, so
 * it is unit-tested in plain Node.
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
    label: item.label,
    status: item.status,
    error: item.error,
    sourceUri: uriOf(paths.source) ?? '',
    maskUri: uriOf(paths.mask),
    outputUri: uriOf(paths.output),
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
    if (item.quality.regions !== undefined) view.regionsUri = uriOf(paths.regions);
  }
  return view;
}

/** A cheap fingerprint of what the gallery draws for an item (changes mean "send a patch"). */
export function itemFingerprint(view: GalleryItemView): string {
  return JSON.stringify(view);
}

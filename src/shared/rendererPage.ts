/**
 * What a notebook gallery page holds, the same in every host (the VS Code extension host, the
 * JupyterLab renderer in the browser): which manifest items pass the payload's filter, and which
 * slice of them one page shows.
 */
import type { ManifestItem } from './manifest';
import type { RendererFilter, ToRendererMessage } from './rendererProtocol';
import { DEFAULT_REQUIRE_REVIEW, isUsableForTraining } from './usable';

/** A resolved page as a host answers it (the renderer message without its envelope). */
export type ResolvedPage = Omit<ToRendererMessage, 'type' | 'requestId'>;

/** Items per page when the payload sets no limit (the renderer loads more on request). */
export const DEFAULT_RENDERER_LIMIT = 24;
/** Upper bound on items per page, whatever the payload asks (each carries three thumbnails). */
export const MAX_RENDERER_LIMIT = 200;

/** The page of `count` items starting at `offset` (the page size from the payload's limit). */
export function pageOf(offset: number, limit: number | undefined): { start: number; end: number } {
  const size = Math.min(limit ?? DEFAULT_RENDERER_LIMIT, MAX_RENDERER_LIMIT);
  return { start: offset, end: offset + size };
}

/**
 * Manifest items passing the filter, in manifest order; `requireReview` is the manifest's review
 * policy, which decides what `filter.usable` keeps.
 */
export function filterManifestItems(
  items: readonly ManifestItem[],
  filter: RendererFilter | undefined,
  requireReview = DEFAULT_REQUIRE_REVIEW,
): ManifestItem[] {
  return items.filter(
    (item) =>
      (!filter?.usable || isUsableForTraining(item.status, requireReview)) &&
      (!filter?.status || filter.status.includes(item.status)) &&
      (!filter?.labels || filter.labels.includes(item.label)) &&
      (!filter?.ids || filter.ids.includes(item.id)),
  );
}

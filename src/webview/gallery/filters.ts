/**
 * Gallery filters: by class, review status, errors, flagged masks and visible seams (manifest
 * mode), and by correctness, class and domain (predictions mode). Pure functions over the view rows.
 */
import type { ItemStatus } from '../../shared/manifest';
import { isCorrect } from '../../shared/predictions';
import type { GalleryItemView, PredictionRowView } from '../../shared/webviewProtocol';

/** Manifest-mode filter; null means "any". */
export interface ItemFilter {
  label: string | null;
  status: ItemStatus | null;
  /** Only failed items (an error message is set). */
  errorsOnly: boolean;
  /** Only items whose mask has a quality flag (empty, full, fragmented). */
  flaggedOnly: boolean;
  /** Only items whose seam score is at least {@link VISIBLE_SEAM_SCORE} (a visible seam). */
  visibleSeamsOnly: boolean;
}

/**
 * Seam score from which a seam counts as visible: the seam benchmark's default blend stays
 * below it on the demo scenes and real photographs, the earlier engine's halos score 25-60
 * (bench/results/seams.md, docs/quality.md).
 */
export const VISIBLE_SEAM_SCORE = 8;

/** The filter that keeps everything. */
export const NO_ITEM_FILTER: ItemFilter = {
  label: null,
  status: null,
  errorsOnly: false,
  flaggedOnly: false,
  visibleSeamsOnly: false,
};

/** Items passing every set criterion, in their original order. */
export function filterItems(
  items: readonly GalleryItemView[],
  filter: ItemFilter,
): GalleryItemView[] {
  return items.filter(
    (item) =>
      (filter.label === null || item.label === filter.label) &&
      (filter.status === null || item.status === filter.status) &&
      (!filter.errorsOnly || item.error !== null) &&
      (!filter.flaggedOnly || item.maskFlags.length > 0) &&
      (!filter.visibleSeamsOnly || (item.quality?.seam ?? 0) >= VISIBLE_SEAM_SCORE),
  );
}

/** Predictions-mode filter; null means "any". */
export interface PredictionFilter {
  misclassifiedOnly: boolean;
  label: string | null;
  domain: string | null;
}

/** Rows passing the filter, in their original order. */
export function filterPredictions(
  rows: readonly PredictionRowView[],
  filter: PredictionFilter,
): PredictionRowView[] {
  return rows.filter(
    (row) =>
      (!filter.misclassifiedOnly || !isCorrect(row)) &&
      (filter.label === null || row.label === filter.label) &&
      (filter.domain === null || row.domain === filter.domain),
  );
}

/** Distinct non-empty values of `key`, sorted, for the filter drop-downs. */
export function distinctValues<T>(
  rows: readonly T[],
  key: (row: T) => string | undefined,
): string[] {
  const values = new Set<string>();
  for (const row of rows) {
    const value = key(row);
    if (value !== undefined && value !== '') values.add(value);
  }
  return [...values].sort((a, b) => a.localeCompare(b));
}

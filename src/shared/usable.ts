/**
 * The one rule for which generated images training may use. Every consumer (the CSV companion,
 * the config writer, the notebook gallery's "usable" filter, the CLI summary) asks here; the
 * Python toolkit implements the same rule in python/src/maskmedpaint/usable.py.
 *
 * An image is usable when a reviewer approved it, or, in a run that does not require review,
 * when nobody rejected it and it did not fail. Rejected and failed images are never usable.
 */
import type { ItemStatus, Manifest } from './manifest';

/**
 * Whether a run requires review when its manifest does not say (older manifests): yes. A clinic
 * that has not decided must not train on images nobody looked at.
 */
export const DEFAULT_REQUIRE_REVIEW = true;

/** The run's review policy: its recorded `requireReview`, else {@link DEFAULT_REQUIRE_REVIEW}. */
export function runRequiresReview(manifest: Pick<Manifest, 'requireReview'>): boolean {
  return manifest.requireReview ?? DEFAULT_REQUIRE_REVIEW;
}

/** The rule itself. */
export function isUsableForTraining(status: ItemStatus, requireReview: boolean): boolean {
  if (status === 'approved') return true;
  return !requireReview && status === 'pending';
}

/** How many items there are of each status, and how many training may use. */
export interface UsableCounts {
  total: number;
  usable: number;
  approved: number;
  pending: number;
  rejected: number;
  failed: number;
}

/** Counts `items` under the review policy. */
export function countUsable(
  items: ReadonlyArray<{ status: ItemStatus }>,
  requireReview: boolean,
): UsableCounts {
  const counts: UsableCounts = {
    total: items.length,
    usable: 0,
    approved: 0,
    pending: 0,
    rejected: 0,
    failed: 0,
  };
  for (const item of items) {
    counts[item.status] += 1;
    if (isUsableForTraining(item.status, requireReview)) counts.usable += 1;
  }
  return counts;
}

/**
 * What a reader must say when the rule leaves it with nothing, or leaves out images only because
 * nobody has reviewed them yet; null when neither happens. `howTo` completes the sentence with
 * the reader's own way to review or opt out.
 */
export function usableShortfall(
  counts: UsableCounts,
  requireReview: boolean,
  howTo: string,
): string | null {
  const breakdown =
    `${counts.approved} approved, ${counts.pending} pending, ` +
    `${counts.rejected} rejected, ${counts.failed} failed`;
  const droppedPending = requireReview ? counts.pending : 0;
  if (counts.usable === 0) {
    return droppedPending > 0
      ? `no generated image is usable for training: ${droppedPending} of ${counts.total} await review ` +
          `and this run requires review (${breakdown}). ${howTo}`
      : `no generated image is usable for training (${breakdown})`;
  }
  if (droppedPending > 0) {
    return (
      `${counts.usable} of ${counts.total} generated images are usable for training; ` +
      `${droppedPending} pending image(s) are left out until reviewed (${breakdown}). ${howTo}`
    );
  }
  return null;
}

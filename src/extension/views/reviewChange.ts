/**
 * What the review panel compares and says when the item it shows changed on disk (a re-run, a
 * decision made elsewhere). Pure, no vscode import: unit-tested.
 */
import type { ManifestItem } from '../../shared/manifest';

/** What of an item the review panel draws: when this changes, the panel redraws. */
export function reviewFingerprint(item: ManifestItem): string {
  return JSON.stringify([
    item.sha256,
    item.status,
    item.error,
    item.mask,
    item.output,
    item.review?.staleDecision ?? null,
    item.review?.note ?? null,
  ]);
}

/** What the panel says when the item it shows changed on disk. */
export function changeMessage(before: ManifestItem, after: ManifestItem): string {
  if (after.sha256 !== before.sha256) {
    const reset = after.review?.staleDecision
      ? ` Its earlier decision (${after.review.staleDecision.status}) was about the old image and was reset: review it again.`
      : '';
    return `${after.id} was regenerated: the new image is shown (${after.status}).${reset}`;
  }
  return `${after.id} changed on disk: now ${after.status}.`;
}

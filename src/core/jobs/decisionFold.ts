/**
 * Folding review decisions (decisionJournal.ts) into manifest items, in journal order. Each
 * decision replaces the item's status and review when it was made on the item's current output
 * (same SHA-256). A decision made on an earlier output (the item was regenerated since) is not
 * applied to the new image: the item is pending again and its review records the stale decision,
 * so nobody's "approve" silently covers an image they never saw.
 *
 * The result depends only on each item's last decision and current hash, so folding the same
 * journal again (a manifest that was already compacted) changes nothing.
 */
import type { ManifestItem } from '../../shared/manifest';
import type { ReviewDecision } from './decisionRecord';

/** What happened to one decision. */
export type DecisionOutcome = 'applied' | 'stale' | 'failedItem';

/** `item` after `decision`, and whether the decision applied. */
export function decidedItem(
  item: ManifestItem,
  decision: ReviewDecision,
): { item: ManifestItem; outcome: DecisionOutcome } {
  // A failed item has no image to decide about.
  if (item.status === 'failed' || item.sha256 === null) return { item, outcome: 'failedItem' };
  const review = {
    decidedAt: decision.decidedAt,
    decidedBy: decision.decidedBy,
    ...(decision.note !== undefined ? { note: decision.note } : {}),
  };
  if (decision.sha256 === item.sha256)
    return { item: { ...item, status: decision.status, review }, outcome: 'applied' };
  return {
    item: {
      ...item,
      status: 'pending',
      review: { ...review, staleDecision: { status: decision.status, sha256: decision.sha256 } },
    },
    outcome: 'stale',
  };
}

/** What a fold did, for readers that report it. */
export interface FoldReport {
  applied: number;
  /** Decisions made on an earlier output of their item: not applied, the item is pending again. */
  stale: ReviewDecision[];
  /** Decisions about items this manifest does not have. */
  unknown: ReviewDecision[];
  /** Decisions about failed items (nothing to review). */
  failedItem: ReviewDecision[];
}

/** Applies `decisions` in order to a copy of `items`. */
export function foldDecisions(
  items: readonly ManifestItem[],
  decisions: readonly ReviewDecision[],
): { items: ManifestItem[]; report: FoldReport } {
  const folded = items.slice();
  const report: FoldReport = { applied: 0, stale: [], unknown: [], failedItem: [] };
  const indexOf = new Map(items.map((item, index) => [item.id, index]));
  for (const decision of decisions) {
    const index = indexOf.get(decision.id);
    const current = index === undefined ? undefined : folded[index];
    if (index === undefined || current === undefined) {
      report.unknown.push(decision);
      continue;
    }
    const { item, outcome } = decidedItem(current, decision);
    folded[index] = item;
    if (outcome === 'applied') report.applied += 1;
    else if (outcome === 'stale') report.stale.push(decision);
    else report.failedItem.push(decision);
  }
  return { items: folded, report };
}

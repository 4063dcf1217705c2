/**
 * The review panel's header (run, position, item name and class, status, a decision a re-run
 * reset, mask flags) and, for an item that failed, its full error: the reason is the one thing a
 * reviewer of a failed item needs, so it is shown whole, not cut to fit an image.
 */
import { el } from '../common/dom';
import { maskFlagBadges, staleDecisionBadge, statusBadge } from '../common/badges';
import type { ReviewState } from '../../shared/webviewProtocol';

/** The header line of the item shown. */
export function reviewHeader(doc: Document, state: ReviewState): HTMLElement {
  const item = state.item;
  return el(doc, 'div', { className: 'review-header' }, [
    el(doc, 'span', { className: 'title', text: state.title }),
    el(doc, 'span', {
      className: 'position',
      text: `${state.index + 1} / ${state.total}`,
      attrs: { 'data-testid': 'review-position' },
    }),
    el(doc, 'span', {
      className: 'name',
      text: item.name,
      attrs: { 'data-testid': 'review-item-name', title: `source: ${item.source}` },
    }),
    el(doc, 'span', { className: 'label', text: item.label }),
    el(doc, 'span', {
      className: 'id',
      text: item.id,
      attrs: { 'data-testid': 'review-item-id' },
    }),
    statusBadge(doc, item.status, 'review-item-status'),
    ...(item.staleDecision ? [staleDecisionBadge(doc, item.staleDecision, 'review-stale')] : []),
    ...maskFlagBadges(doc, item.maskFlags),
  ]);
}

/** The full error of a failed item (selectable text), or null for an item that did not fail. */
export function failureDetails(doc: Document, state: ReviewState): HTMLElement | null {
  const item = state.item;
  if (item.status !== 'failed') return null;
  return el(doc, 'div', { className: 'review-error', attrs: { role: 'alert' } }, [
    el(doc, 'strong', { text: 'This augmentation failed; there is no image to review.' }),
    el(doc, 'pre', {
      text: item.error ?? 'no reason was recorded',
      attrs: { 'data-testid': 'review-error' },
    }),
  ]);
}

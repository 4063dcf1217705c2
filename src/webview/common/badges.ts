/**
 * The badges the gallery and the review panel put on an item: its review status, a decision a
 * re-run reset, mask quality flags and the seam score. Plain elements styled by media/webview.css
 * (text in the theme's foreground colour on the view's background, the status colour in a border
 * and dot), so their text keeps WCAG AA contrast (4.5:1) in light, dark and high-contrast themes
 * alike; the status word is always written out, never carried by colour alone.
 */
import { el } from './dom';
import type { ItemStatus, ReviewStatus } from '../../shared/manifest';
import type { MaskFlag } from '../../shared/webviewProtocol';

/** What each mask flag means, shown on hover. */
export const MASK_FLAG_TITLES: Record<MaskFlag, string> = {
  empty: 'the key region is empty: nothing of the source is kept',
  full: 'the key region covers the whole image: nothing is regenerated',
  fragmented: 'the key region has several separate parts',
  stretched:
    'the mask has another aspect ratio than its image and was stretched to fit: check that the key region lies over the label-carrying pixels',
};

/** The review status as a badge (`data-status` carries the status for tests and styles). */
export function statusBadge(doc: Document, status: ItemStatus, testId: string): HTMLElement {
  return el(doc, 'span', {
    className: `badge status status-${status}`,
    attrs: { 'data-testid': testId, 'data-status': status },
    text: status,
  });
}

/** "was rejected: review again" for an item whose decision a re-run reset. */
export function staleDecisionBadge(
  doc: Document,
  stale: ReviewStatus,
  testId: string,
): HTMLElement {
  return el(doc, 'span', {
    className: 'badge stale',
    attrs: {
      'data-testid': testId,
      'data-stale': stale,
      title: `This item was ${stale} on an earlier image; it was regenerated since, so that decision does not cover the image shown. Review it again.`,
    },
    text: `was ${stale}: review again`,
  });
}

/** One flag badge per mask quality flag. */
export function maskFlagBadges(doc: Document, flags: readonly MaskFlag[]): HTMLElement[] {
  return flags.map((flag) =>
    el(doc, 'span', {
      className: `badge flag flag-${flag}`,
      text: `mask ${flag}`,
      attrs: { 'data-testid': 'mask-flag', title: MASK_FLAG_TITLES[flag] },
    }),
  );
}

/**
 * "seam 12.5": the item's seam-artifact score (docs/quality.md); `visible` (at or above the
 * gallery's visible-seam threshold) draws it as a flag.
 */
export function seamBadge(doc: Document, seam: number, visible: boolean): HTMLElement {
  return el(doc, 'span', {
    className: `badge seam${visible ? ' flag' : ''}`,
    text: `seam ${seam.toFixed(1)}`,
    attrs: {
      'data-testid': 'seam-score',
      'data-visible': String(visible),
      title: visible
        ? 'Seam-artifact score (0 = invisible): at or above the visible-seam threshold, look at the border'
        : 'Seam-artifact score (0 = invisible)',
    },
  });
}

/**
 * The review panel's quality line: the overlay's legend (what is kept exactly, where blending
 * happens) and the automatic measurements of the item shown.
 */
import { el } from '../common/dom';
import type { GalleryItemView } from '../../shared/webviewProtocol';

const percent = (v: number): string => `${(100 * v).toFixed(v >= 0.9995 || v === 0 ? 0 : 1)}%`;

/** The line, or null when the item has neither a region overlay nor measurements. */
export function qualityLine(doc: Document, item: GalleryItemView): HTMLElement | null {
  const parts: HTMLElement[] = [];
  if (item.regionsUri) {
    // Only the swatch takes the overlay's colour: bright green or orange text on a light theme's
    // background falls below AA contrast (axe-core in the integration tests), so the words keep
    // the line's colour.
    const legend = (className: string, words: string): HTMLElement =>
      el(doc, 'span', { className }, [
        el(doc, 'span', { className: 'swatch', text: '■', attrs: { 'aria-hidden': 'true' } }),
        doc.createTextNode(` ${words}`),
      ]);
    parts.push(legend('legend-exact', 'kept exactly'), legend('legend-band', 'blend band'));
  }
  const q = item.quality;
  if (q) {
    const text = (label: string, value: number | null, format: (v: number) => string): void => {
      if (value !== null) parts.push(el(doc, 'span', { text: `${label} ${format(value)}` }));
    };
    text('mask kept exactly:', q.keptExact, percent);
    text('seam score:', q.seam, (v) => v.toFixed(1));
    text('SSIM to target:', q.ssimTarget, (v) => v.toFixed(2));
    text('SSIM to source:', q.ssimSource, (v) => v.toFixed(2));
    if (q.rejected > 0)
      parts.push(el(doc, 'span', { text: `${q.rejected} output(s) rejected and regenerated` }));
  }
  if (parts.length === 0) return null;
  return el(
    doc,
    'div',
    { className: 'quality-line', attrs: { 'data-testid': 'review-quality' } },
    parts,
  );
}

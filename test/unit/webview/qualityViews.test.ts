import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GalleryApp } from '../../../src/webview/gallery/galleryApp';
import {
  filterItems,
  NO_ITEM_FILTER,
  VISIBLE_SEAM_SCORE,
} from '../../../src/webview/gallery/filters';
import { sortItems } from '../../../src/webview/gallery/sortItems';
import { ReviewApp } from '../../../src/webview/panel/reviewApp';
import type { GalleryItemView } from '../../../src/shared/webviewProtocol';
import { check, createPage } from './domShim';

function item(id: string, seam: number | null | undefined): GalleryItemView {
  return {
    id,
    name: `${id}.png`,
    source: `../src/benign/${id}.png`,
    label: 'benign',
    status: 'pending',
    error: null,
    sourceUri: `https://res.test/src/${id}.png`,
    maskUri: `https://res.test/mask/${id}.png`,
    outputUri: `https://res.test/out/${id}.png`,
    maskFlags: [],
    ...(seam === undefined
      ? {}
      : {
          regionsUri: `https://res.test/regions/${id}.png`,
          quality: {
            seam,
            keptExact: 1,
            ssimTarget: 0.81,
            ssimSource: 0.12,
            rejected: seam === null ? 0 : 1,
          },
        }),
  };
}

const items = [item('a', 2), item('b', 40), item('c', undefined), item('d', 12.5), item('e', null)];

test('sorting by seam puts the worst seams first and keeps unscored items in run order after them', () => {
  assert.deepEqual(
    sortItems(items, 'seam').map((i) => i.id),
    ['b', 'd', 'a', 'c', 'e'],
  );
  assert.deepEqual(
    sortItems(items, 'plan').map((i) => i.id),
    ['a', 'b', 'c', 'd', 'e'],
  );
});

test('the visible-seams filter keeps items scoring at least the threshold', () => {
  const visible = filterItems(items, { ...NO_ITEM_FILTER, visibleSeamsOnly: true }).map(
    (i) => i.id,
  );
  assert.deepEqual(visible, ['b', 'd']);
  assert.ok(VISIBLE_SEAM_SCORE > 2 && VISIBLE_SEAM_SCORE <= 12.5);
});

test('gallery: the seam controls filter and sort the grid; cells show the score', () => {
  const page = createPage();
  const app = new GalleryApp({
    root: page.root,
    post: () => undefined,
    measure: () => ({ width: 900, height: 2000 }),
  });
  app.handle({ type: 'state', state: { kind: 'manifest', readOnly: false, title: 't', items } });
  const q = (testId: string): Element =>
    page.root.querySelector(`[data-testid="${testId}"]`) as Element;
  check(q('sort-seam'), true);
  assert.deepEqual(
    app.visibleItems.map((i) => i.id),
    ['b', 'd', 'a', 'c', 'e'],
  );
  // A score at or above the visible-seam threshold is drawn as a flag, a lower one is not.
  const visibleOf = (score: string): string | null | undefined =>
    [...page.root.querySelectorAll('[data-testid="seam-score"]')]
      .find((e) => e.textContent === score)
      ?.getAttribute('data-visible');
  assert.equal(visibleOf('seam 40.0'), 'true');
  assert.equal(visibleOf('seam 2.0'), 'false');
  check(q('filter-seams'), true);
  assert.deepEqual(
    app.visibleItems.map((i) => i.id),
    ['b', 'd'],
  );
  const scores = [...page.root.querySelectorAll('[data-testid="seam-score"]')].map(
    (e) => e.textContent,
  );
  assert.deepEqual(scores, ['seam 40.0', 'seam 12.5']);
});

test('review panel: the region overlay replaces the hard mask, with a legend and the measurements', () => {
  const page = createPage();
  const app = new ReviewApp({ root: page.root, post: () => undefined });
  app.handle({
    type: 'state',
    state: { item: item('b', 40), index: 0, total: 1, readOnly: false, title: 't' },
  });
  const q = (testId: string): HTMLElement | null =>
    page.root.querySelector(`[data-testid="${testId}"]`);
  assert.equal(q('review-regions-overlay')?.getAttribute('src'), 'https://res.test/regions/b.png');
  assert.equal(q('review-mask-overlay')?.hidden, true);
  const line = q('review-quality')?.textContent ?? '';
  for (const text of [
    'kept exactly',
    'blend band',
    'mask kept exactly: 100%',
    'seam score: 40.0',
    'SSIM to target: 0.81',
    'SSIM to source: 0.12',
    '1 output(s) rejected',
  ])
    assert.ok(line.includes(text), `"${text}" in "${line}"`);
  // The overlay colours sit on swatches hidden from screen readers, not on the legend's words.
  const swatches = [...page.root.querySelectorAll('[data-testid="review-quality"] .swatch')];
  assert.deepEqual(
    swatches.map((s) => [s.textContent, s.getAttribute('aria-hidden'), s.parentElement?.className]),
    [
      ['■', 'true', 'legend-exact'],
      ['■', 'true', 'legend-band'],
    ],
  );
  check(q('mask-toggle') as HTMLElement, false);
  assert.equal(q('review-regions-overlay')?.style.opacity, '0');
});

test('review panel: a run without region overlays keeps the mask overlay and shows no quality line', () => {
  const page = createPage();
  const app = new ReviewApp({ root: page.root, post: () => undefined });
  app.handle({
    type: 'state',
    state: { item: item('c', undefined), index: 0, total: 1, readOnly: true, title: 't' },
  });
  assert.equal(page.root.querySelector('[data-testid="review-regions-overlay"]'), null);
  assert.equal(
    (page.root.querySelector('[data-testid="review-mask-overlay"]') as HTMLElement).hidden,
    false,
  );
  assert.equal(page.root.querySelector('[data-testid="review-quality"]'), null);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GalleryApp,
  parseGalleryMemory,
  type GalleryMemory,
} from '../../../src/webview/gallery/galleryApp';
import { GALLERY_MIN_CELL_WIDTH, GALLERY_ROW_HEIGHT } from '../../../src/webview/gallery/layout';
import { computeVisibleRange } from '../../../src/webview/gallery/virtualGrid';
import type { FromGalleryMessage, GalleryItemView } from '../../../src/shared/webviewProtocol';
import type { ItemStatus } from '../../../src/shared/manifest';
import { check, choose, createPage } from './domShim';

const STATUSES: ItemStatus[] = ['pending', 'approved', 'rejected', 'failed'];

function makeItems(count: number): GalleryItemView[] {
  return Array.from({ length: count }, (_, i) => {
    const status = STATUSES[i % 4];
    return {
      id: `img${i}__0`,
      name: `img${i}__k0.png`,
      source: `../source/img${i}.png`,
      label: i % 3 === 0 ? 'malignant' : 'benign',
      status,
      error: status === 'failed' ? 'engine failed' : null,
      sourceUri: `https://res.test/src/${i}.png`,
      maskUri: `https://res.test/mask/${i}.png`,
      outputUri: status === 'failed' ? null : `https://res.test/out/${i}.png`,
      maskFlags: i % 10 === 0 ? ['empty'] : [],
    };
  });
}

function mountGallery(viewport: { width: number; height: number }) {
  const page = createPage();
  const posted: FromGalleryMessage[] = [];
  const app = new GalleryApp({
    root: page.root,
    post: (m) => posted.push(m),
    measure: () => viewport,
  });
  return { page, posted, app };
}

test('visible range covers the viewport plus overscan and clamps at both ends', () => {
  assert.deepEqual(
    computeVisibleRange({
      scrollTop: 0,
      viewportHeight: 300,
      rowHeight: 100,
      rowCount: 50,
      overscanRows: 2,
    }),
    {
      firstRow: 0,
      endRow: 5,
    },
  );
  assert.deepEqual(
    computeVisibleRange({
      scrollTop: 1000,
      viewportHeight: 300,
      rowHeight: 100,
      rowCount: 50,
      overscanRows: 2,
    }),
    {
      firstRow: 8,
      endRow: 15,
    },
  );
  assert.deepEqual(
    computeVisibleRange({
      scrollTop: 4900,
      viewportHeight: 300,
      rowHeight: 100,
      rowCount: 50,
      overscanRows: 2,
    }),
    {
      firstRow: 47,
      endRow: 50,
    },
  );
  assert.deepEqual(
    computeVisibleRange({
      scrollTop: 0,
      viewportHeight: 300,
      rowHeight: 100,
      rowCount: 0,
      overscanRows: 2,
    }),
    {
      firstRow: 0,
      endRow: 0,
    },
  );
});

test('10,000 items: only the visible rows are in the DOM, and scrolling swaps them', async () => {
  const size = { width: GALLERY_MIN_CELL_WIDTH * 2, height: GALLERY_ROW_HEIGHT * 5 };
  const { page, posted, app } = mountGallery(size);
  app.start();
  assert.deepEqual(posted, [{ type: 'ready' }]);
  app.handle({
    type: 'state',
    state: { kind: 'manifest', readOnly: false, title: 'run', items: makeItems(10_000) },
  });
  const cells = () => [...page.root.querySelectorAll('[data-testid="gallery-item"]')];
  const visibleRows = Math.ceil(size.height / GALLERY_ROW_HEIGHT);
  // 2 columns x (visible rows + 3 overscan below); far fewer than 10,000.
  assert.equal(cells().length, 2 * (visibleRows + 3));
  assert.equal(cells()[0].getAttribute('data-item-id'), 'img0__0');
  assert.equal(page.root.querySelectorAll('img[data-testid="thumbnail"]').length, cells().length);
  const spacer = page.root.querySelector<HTMLElement>('.virtual-spacer')!;
  assert.equal(spacer.style.height, `${5000 * GALLERY_ROW_HEIGHT}px`);

  const viewport = page.root.querySelector<HTMLElement>('[data-testid="gallery-viewport"]')!;
  viewport.scrollTop = 2500 * GALLERY_ROW_HEIGHT;
  viewport.dispatchEvent(
    new (page.document.defaultView as unknown as typeof globalThis).Event('scroll'),
  );
  const ids = cells().map((c) => c.getAttribute('data-item-id'));
  assert.ok(ids.includes('img5000__0'), 'row 2500 rendered after scrolling');
  assert.ok(!ids.includes('img0__0'), 'first row dropped after scrolling');
  assert.ok(cells().length <= 2 * (visibleRows + 6));
  await page.close();
});

test('clicking or pressing Enter on an item asks the host to open the review panel', async () => {
  const { page, posted, app } = mountGallery({ width: 300, height: 400 });
  app.handle({
    type: 'state',
    state: { kind: 'manifest', readOnly: false, title: 'run', items: makeItems(5) },
  });
  const second = page.root.querySelector<HTMLElement>('[data-item-id="img1__0"]')!;
  second.click();
  const win = page.document.defaultView as unknown as typeof globalThis;
  page.root
    .querySelector('[data-item-id="img2__0"]')!
    .dispatchEvent(new win.KeyboardEvent('keydown', { key: 'Enter' }));
  assert.deepEqual(posted, [
    { type: 'openReview', itemId: 'img1__0' },
    { type: 'openReview', itemId: 'img2__0' },
  ]);
  await page.close();
});

test('filters by class, status, errors and mask flags', async () => {
  const { page, app } = mountGallery({ width: 300, height: 10_000 });
  const items = makeItems(40);
  app.handle({ type: 'state', state: { kind: 'manifest', readOnly: false, title: 'run', items } });
  choose(page.root.querySelector('[data-testid="filter-class"]')!, 'malignant');
  assert.deepEqual(
    app.visibleItems.map((i) => i.id),
    items.filter((i) => i.label === 'malignant').map((i) => i.id),
  );
  choose(page.root.querySelector('[data-testid="filter-status"]')!, 'approved');
  assert.ok(app.visibleItems.length > 0);
  assert.ok(app.visibleItems.every((i) => i.label === 'malignant' && i.status === 'approved'));
  choose(page.root.querySelector('[data-testid="filter-class"]')!, '');
  choose(page.root.querySelector('[data-testid="filter-status"]')!, '');
  check(page.root.querySelector('[data-testid="filter-errors"]')!, true);
  assert.equal(app.visibleItems.length, 10);
  assert.ok(app.visibleItems.every((i) => i.error !== null));
  check(page.root.querySelector('[data-testid="filter-errors"]')!, false);
  check(page.root.querySelector('[data-testid="filter-flagged"]')!, true);
  assert.deepEqual(
    app.visibleItems.map((i) => i.id),
    ['img0__0', 'img10__0', 'img20__0', 'img30__0'],
  );
  assert.equal(page.root.querySelector('[data-testid="gallery-count"]')!.textContent, '4 of 40');
  assert.equal(page.root.querySelectorAll('[data-testid="gallery-item"]').length, 4);
  await page.close();
});

test('a stretched mask shows as a "mask stretched" flag that explains itself on hover', async () => {
  const { page, app } = mountGallery({ width: 300, height: 400 });
  const [item] = makeItems(1);
  app.handle({
    type: 'state',
    state: {
      kind: 'manifest',
      readOnly: false,
      title: 'run',
      items: [{ ...item, maskFlags: ['stretched'] }],
    },
  });
  const flag = page.root.querySelector<HTMLElement>('[data-testid="mask-flag"]')!;
  assert.equal(flag.textContent, 'mask stretched');
  assert.match(flag.getAttribute('title') ?? '', /another aspect ratio than its image/);
  check(page.root.querySelector('[data-testid="filter-flagged"]')!, true);
  assert.equal(app.visibleItems.length, 1);
  await page.close();
});

test('patches replace changed items in place and append new ones without rebuilding the rest', async () => {
  const { page, app } = mountGallery({ width: 300, height: 10_000 });
  app.handle({
    type: 'state',
    state: { kind: 'manifest', readOnly: false, title: 'run', items: makeItems(3) },
  });
  const untouched = page.root.querySelector('[data-item-id="img0__0"]');
  const [, second] = makeItems(3);
  app.handle({
    type: 'itemsPatched',
    items: [
      { ...second, status: 'approved' },
      { ...makeItems(4)[3], id: 'new__0' },
    ],
  });
  assert.equal(
    page.root.querySelector('[data-item-id="img0__0"]'),
    untouched,
    'unchanged cell kept',
  );
  const badge = page.root.querySelector('[data-item-id="img1__0"] [data-testid="status-badge"]')!;
  assert.equal(badge.getAttribute('data-status'), 'approved');
  assert.ok(page.root.querySelector('[data-item-id="new__0"]'));
  assert.equal(app.visibleItems.length, 4);
  await page.close();
});

test('untrusted HTML in labels and errors is shown as text, never parsed', async () => {
  const { page, app } = mountGallery({ width: 300, height: 1000 });
  const [item] = makeItems(1);
  app.handle({
    type: 'state',
    state: {
      kind: 'manifest',
      readOnly: true,
      title: '<b>t</b>',
      items: [{ ...item, label: '<img src=x onerror=alert(1)>', error: '<script>x</script>' }],
    },
  });
  assert.equal(page.root.querySelectorAll('script').length, 0);
  assert.equal(page.root.querySelectorAll('img').length, 2, 'only the two thumbnails');
  assert.equal(page.root.getAttribute('data-read-only'), 'true');
  await page.close();
});

test('a run that starts empty fills in from patches, and new classes join the class filter', async () => {
  const { page, app } = mountGallery({ width: 300, height: 10_000 });
  app.handle({
    type: 'state',
    state: { kind: 'manifest', readOnly: false, title: 'run', items: [] },
  });
  assert.equal(page.root.querySelectorAll('[data-testid="gallery-item"]').length, 0);
  const [first, second] = makeItems(2);
  app.handle({ type: 'itemsPatched', items: [second] });
  app.handle({ type: 'itemsPatched', items: [first] });
  assert.deepEqual(
    [...page.root.querySelectorAll('[data-testid="gallery-item"]')].map((e) =>
      e.getAttribute('data-item-id'),
    ),
    ['img1__0', 'img0__0'],
  );
  const options = [...page.root.querySelectorAll('[data-testid="filter-class"] vscode-option')].map(
    (o) => o.getAttribute('value'),
  );
  assert.deepEqual(options, ['', 'benign', 'malignant']);
  await page.close();
});

test('a trust change redraws read-only without losing patched items', async () => {
  const { page, app } = mountGallery({ width: 300, height: 10_000 });
  const items = makeItems(2);
  app.handle({ type: 'state', state: { kind: 'manifest', readOnly: true, title: 'run', items } });
  app.handle({ type: 'itemsPatched', items: [{ ...items[0], status: 'approved' }] });
  app.handle({ type: 'readOnly', readOnly: false });
  assert.equal(page.root.getAttribute('data-read-only'), 'false');
  const badge = page.root.querySelector('[data-item-id="img0__0"] [data-testid="status-badge"]')!;
  assert.equal(badge.getAttribute('data-status'), 'approved');
  await page.close();
});

test('cells show the item name; an image that cannot be decoded becomes a placeholder', async () => {
  const { page, app } = mountGallery({ width: 300, height: 1000 });
  app.handle({
    type: 'state',
    state: { kind: 'manifest', readOnly: false, title: 'run', items: makeItems(2) },
  });
  const names = [...page.root.querySelectorAll('[data-testid="item-name"]')].map(
    (e) => e.textContent,
  );
  assert.deepEqual(names, ['img0__k0.png', 'img1__k0.png']);
  const win = page.document.defaultView as unknown as typeof globalThis;
  const cell = page.root.querySelector('[data-item-id="img0__0"]')!;
  cell.querySelector('img[data-testid="thumbnail"]')!.dispatchEvent(new win.Event('error'));
  assert.equal(cell.querySelector('img[data-testid="thumbnail"]'), null, 'no broken image');
  assert.equal(
    cell.querySelector('[data-testid="thumbnail-missing"]')!.textContent,
    'cannot be shown',
  );
  await page.close();
});

test('failed augmentations of one source are one cell with the count and the reason', async () => {
  const { page, posted, app } = mountGallery({ width: 300, height: 10_000 });
  const ok = makeItems(1)[0];
  const failed = (source: number, k: number): GalleryItemView => ({
    ...ok,
    id: `bad${source}__${k}`,
    name: `bad${source}.png`,
    source: `../source/bad${source}.png`,
    status: 'failed',
    error: `source [notAnImage]: bad${source}.png is not an image`,
    outputUri: null,
  });
  // 3 unreadable sources x 5 augmentations, interleaved with a good item.
  const items = [ok, ...[0, 1, 2].flatMap((s) => [0, 1, 2, 3, 4].map((k) => failed(s, k)))];
  app.handle({ type: 'state', state: { kind: 'manifest', readOnly: false, title: 'run', items } });
  const cells = [...page.root.querySelectorAll<HTMLElement>('[data-testid="gallery-item"]')];
  assert.equal(cells.length, 4, 'one good item and three failed sources, not 15 cards');
  const groups = cells.filter((c) => c.hasAttribute('data-failed-source'));
  assert.deepEqual(
    groups.map((c) => [c.getAttribute('data-failed-source'), c.getAttribute('data-failed-count')]),
    [
      ['../source/bad0.png', '5'],
      ['../source/bad1.png', '5'],
      ['../source/bad2.png', '5'],
    ],
  );
  assert.equal(
    groups[1].querySelector('[data-testid="failed-reason"]')!.textContent,
    'source [notAnImage]: bad1.png is not an image',
  );
  assert.match(
    groups[1].querySelector('[data-testid="failed-count"]')!.textContent ?? '',
    /^5 augmentations failed$/,
  );
  assert.ok(
    groups[0].querySelector('[data-testid="output-thumbnail-missing"], .failed-placeholder'),
  );
  assert.match(
    page.root.querySelector('[data-testid="gallery-count"]')!.textContent ?? '',
    /16 of 16 · 3 failed sources/,
  );
  groups[2].click();
  assert.deepEqual(posted, [{ type: 'openReview', itemId: 'bad2__0' }]);
  await page.close();
});

test('arrow keys move the selection between cells; Enter opens the selected one', async () => {
  // Two columns of cells.
  const { page, posted, app } = mountGallery({
    width: GALLERY_MIN_CELL_WIDTH * 2,
    height: GALLERY_ROW_HEIGHT * 4,
  });
  app.handle({
    type: 'state',
    state: { kind: 'manifest', readOnly: false, title: 'run', items: makeItems(7) },
  });
  const win = page.document.defaultView as unknown as typeof globalThis;
  const viewport = page.root.querySelector<HTMLElement>('[data-testid="gallery-viewport"]')!;
  const cell = (id: string) => page.root.querySelector<HTMLElement>(`[data-item-id="${id}"]`)!;
  // Only one cell is in the tab order: the first until something is selected.
  assert.deepEqual(
    [...page.root.querySelectorAll('[data-testid="gallery-item"][tabindex="0"]')].map((e) =>
      e.getAttribute('data-item-id'),
    ),
    ['img0__0'],
  );
  cell('img0__0').focus();
  const press = (key: string) =>
    page.document.activeElement!.dispatchEvent(
      new win.KeyboardEvent('keydown', { key, bubbles: true }),
    );
  press('ArrowRight');
  assert.equal(page.document.activeElement?.getAttribute('data-item-id'), 'img1__0');
  press('ArrowDown');
  assert.equal(page.document.activeElement?.getAttribute('data-item-id'), 'img3__0');
  press('End');
  assert.equal(page.document.activeElement?.getAttribute('data-item-id'), 'img6__0');
  press('ArrowUp');
  assert.equal(page.document.activeElement?.getAttribute('data-item-id'), 'img4__0');
  assert.equal(cell('img4__0').getAttribute('tabindex'), '0');
  assert.equal(cell('img4__0').getAttribute('aria-selected'), 'true');
  assert.equal(cell('img0__0').getAttribute('tabindex'), '-1');
  press('Enter');
  assert.deepEqual(posted, [{ type: 'openReview', itemId: 'img4__0' }]);
  assert.equal(viewport.getAttribute('role'), 'grid');
  await page.close();
});

test('a redraw of the same run keeps the scroll position, selection and filter; a hidden view restores them', async () => {
  const saved: GalleryMemory[] = [];
  const size = { width: GALLERY_MIN_CELL_WIDTH, height: GALLERY_ROW_HEIGHT * 3 };
  const page = createPage();
  const memory = { load: () => saved[saved.length - 1], save: (m: GalleryMemory) => saved.push(m) };
  const app = new GalleryApp({
    root: page.root,
    post: () => undefined,
    measure: () => size,
    memory,
  });
  const items = makeItems(200);
  app.handle({ type: 'state', state: { kind: 'manifest', readOnly: false, title: 'run', items } });
  const viewport = () => page.root.querySelector<HTMLElement>('[data-testid="gallery-viewport"]')!;
  const win = page.document.defaultView as unknown as typeof globalThis;
  viewport().scrollTop = 50 * GALLERY_ROW_HEIGHT;
  viewport().dispatchEvent(new win.Event('scroll'));
  page.root.querySelector<HTMLElement>('[data-item-id="img50__0"]')!.click();
  check(page.root.querySelector('[data-testid="filter-flagged"]')!, false);
  // The run finishes: the host sends the whole state again.
  app.handle({ type: 'state', state: { kind: 'manifest', readOnly: false, title: 'run', items } });
  assert.equal(viewport().scrollTop, 50 * GALLERY_ROW_HEIGHT, 'jumped back to the top');
  assert.equal(app.selection, 'item:img50__0');
  assert.equal(
    page.root.querySelector('[data-item-id="img50__0"]')!.getAttribute('aria-selected'),
    'true',
  );
  // The view is hidden and shown again: a new page restores from the saved state.
  const again = createPage();
  const restored = new GalleryApp({
    root: again.root,
    post: () => undefined,
    measure: () => size,
    memory,
  });
  restored.handle({
    type: 'state',
    state: { kind: 'manifest', readOnly: false, title: 'run', items },
  });
  assert.equal(
    again.root.querySelector<HTMLElement>('[data-testid="gallery-viewport"]')!.scrollTop,
    50 * GALLERY_ROW_HEIGHT,
  );
  assert.equal(restored.selection, 'item:img50__0');
  // Another run starts from the top with nothing selected.
  restored.handle({
    type: 'state',
    state: { kind: 'manifest', readOnly: false, title: 'other', items },
  });
  assert.equal(restored.selection, null);
  assert.equal(parseGalleryMemory({ title: 1 }), undefined);
  await page.close();
  await again.close();
});

test('"Show Failures" from the host filters to the failed items; a running job is announced', async () => {
  const { page, app } = mountGallery({ width: 300, height: 10_000 });
  app.handle({
    type: 'state',
    state: { kind: 'manifest', readOnly: false, title: 'run', items: makeItems(8), running: true },
  });
  assert.equal(
    page.root.querySelector('[data-testid="gallery-running"]')!.textContent,
    'generating…',
  );
  app.handle({ type: 'showFailures' });
  assert.ok(app.visibleItems.length > 0 && app.visibleItems.every((i) => i.status === 'failed'));
  assert.equal(
    page.root.querySelector('[data-testid="filter-errors"]')!.hasAttribute('checked'),
    true,
  );
  app.handle({ type: 'running', running: false });
  assert.equal(page.root.querySelector('[data-testid="gallery-running"]'), null);
  assert.ok(
    app.visibleItems.every((i) => i.status === 'failed'),
    'the filter stays',
  );
  await page.close();
});

test('an item whose images are still being checked says so, and its patch brings the images', async () => {
  const { page, app } = mountGallery({ width: 300, height: 10_000 });
  const [ready, waiting] = makeItems(2);
  const pending: GalleryItemView = {
    ...waiting,
    sourceUri: '',
    maskUri: null,
    outputUri: null,
    imagesPending: true,
  };
  app.handle({
    type: 'state',
    state: { kind: 'manifest', readOnly: true, title: 'run', items: [ready, pending] },
  });
  const cell = (): Element => page.root.querySelector('[data-item-id="img1__0"]')!;
  assert.ok(cell().querySelector('[data-testid="thumbnail-pending"]'));
  assert.ok(cell().querySelector('[data-testid="output-thumbnail-pending"]'));
  assert.equal(cell().querySelector('[data-testid="thumbnail-missing"]'), null, 'not "no image"');
  assert.equal(
    page.root.querySelector('[data-item-id="img0__0"] [data-testid="thumbnail-pending"]'),
    null,
  );
  app.handle({ type: 'itemsPatched', items: [waiting] });
  assert.equal(cell().querySelector('[data-testid="thumbnail-pending"]'), null);
  assert.equal(
    cell().querySelector('img[data-testid="output-thumbnail"]')?.getAttribute('src'),
    waiting.outputUri,
  );
  await page.close();
});

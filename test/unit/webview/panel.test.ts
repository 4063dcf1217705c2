import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReviewApp } from '../../../src/webview/panel/reviewApp';
import { zoomAround } from '../../../src/webview/panel/compareView';
import { toCanvasPoint } from '../../../src/webview/panel/brushLayer';
import type { FromPanelMessage, ReviewState } from '../../../src/shared/webviewProtocol';
import { check, createPage } from './domShim';

function reviewState(readOnly: boolean): ReviewState {
  return {
    item: {
      id: 'lesion7__0',
      name: 'lesion7__k0.png',
      source: '../source/malignant/lesion7.png',
      label: 'malignant',
      status: 'pending',
      error: null,
      sourceUri: 'https://res.test/src.png',
      maskUri: 'https://res.test/mask.png',
      outputUri: 'https://res.test/out.png',
      maskFlags: [],
    },
    index: 2,
    total: 9,
    readOnly,
    title: 'out/maskmedpaint.json',
  };
}

function mount(readOnly: boolean) {
  const page = createPage();
  const posted: FromPanelMessage[] = [];
  const app = new ReviewApp({ root: page.root, post: (m) => posted.push(m) });
  app.start();
  app.handle({ type: 'state', state: reviewState(readOnly) });
  const win = page.document.defaultView as unknown as typeof globalThis;
  const press = (key: string, target: EventTarget = page.document.body) =>
    target.dispatchEvent(new win.KeyboardEvent('keydown', { key, bubbles: true }));
  const q = <T extends Element = HTMLElement>(testId: string) =>
    page.root.querySelector<T>(`[data-testid="${testId}"]`);
  return { page, posted, app, press, q };
}

test('shows before, after, mask overlay and position; A accepts with the note, R rejects', async () => {
  const { page, posted, press, q } = mount(false);
  assert.deepEqual(posted, [{ type: 'ready' }]);
  assert.equal(
    q<HTMLImageElement>('review-before')!.getAttribute('src'),
    'https://res.test/src.png',
  );
  assert.equal(
    q<HTMLImageElement>('review-after')!.getAttribute('src'),
    'https://res.test/out.png',
  );
  assert.equal(q('review-position')!.textContent, '3 / 9');
  const note = q('review-note') as HTMLElement & { value: string };
  note.value = '  ruler still visible ';
  press('a');
  press('R');
  assert.deepEqual(posted.slice(1), [
    { type: 'decide', itemId: 'lesion7__0', decision: 'approved', note: 'ruler still visible' },
    { type: 'decide', itemId: 'lesion7__0', decision: 'rejected', note: 'ruler still visible' },
  ]);
  await page.close();
});

test('keys typed into the note do not decide; arrows navigate; buttons and host shortcuts work', async () => {
  const { page, posted, app, press, q } = mount(false);
  posted.length = 0;
  press('a', q('review-note')!);
  assert.equal(posted.length, 0);
  press('ArrowRight');
  press('ArrowLeft');
  q('review-accept')!.click();
  app.handle({ type: 'shortcut', action: 'reject' });
  assert.deepEqual(
    posted.map((m) =>
      m.type === 'decide' ? m.decision : m.type === 'navigate' ? m.direction : m.type,
    ),
    ['next', 'previous', 'approved', 'rejected'],
  );
  await page.close();
});

test('read-only: no decision buttons or brush, keys do not decide', async () => {
  const { page, posted, press, q } = mount(true);
  assert.equal(q('review-accept'), null);
  assert.equal(q('review-reject'), null);
  assert.equal(q('brush-toggle'), null);
  assert.ok(q('review-read-only'));
  press('a');
  assert.ok(!posted.some((m) => m.type === 'decide'));
  assert.match(q('review-status')!.textContent ?? '', /Read-only/);
  await page.close();
});

test('slider: before (source) left of the divider, after (output) right, as the label says; mask toggle and opacity drive the overlay', async () => {
  const { page, q } = mount(false);
  const win = page.document.defaultView as unknown as typeof globalThis;
  // Both halves are labelled on the image, in the slider's order.
  assert.equal(q('label-before')!.textContent, 'Before: source');
  assert.equal(q('label-after')!.textContent, 'After: generated');
  assert.equal(
    q('label-before')!.compareDocumentPosition(q('label-after')!) & 4,
    4,
    'the "Before" label comes first (left)',
  );
  assert.match(q('compare-slider')!.closest('label')!.textContent ?? '', /^Before \| After/);
  const slider = q<HTMLInputElement>('compare-slider')!;
  slider.value = '30';
  slider.dispatchEvent(new win.Event('input'));
  // The output is clipped away left of 30%: the source shows there, the output right of it.
  assert.equal(q('review-after')!.style.clipPath, 'inset(0 0 0 30%)');
  assert.equal(q('compare-divider')!.style.left, '30%');
  const opacity = q<HTMLInputElement>('mask-opacity')!;
  opacity.value = '80';
  opacity.dispatchEvent(new win.Event('input'));
  assert.equal(q('review-mask-overlay')!.style.opacity, '0.8');
  check(q('mask-toggle')!, false);
  assert.equal(q('review-mask-overlay')!.style.opacity, '0');
  assert.equal(q('review-mask-overlay')!.getAttribute('data-visible'), 'false');
  await page.close();
});

test('zoom keeps the point under the cursor fixed and stays within limits', () => {
  const t = zoomAround({ zoom: 1, x: 0, y: 0 }, 2, 100, 50);
  assert.deepEqual(t, { zoom: 2, x: -100, y: -50 });
  // The stage point under (100, 50) before and after is the same: (p - offset) / zoom.
  assert.equal((100 - t.x) / t.zoom, 100);
  assert.equal(zoomAround({ zoom: 16, x: 0, y: 0 }, 2, 0, 0).zoom, 16);
  assert.equal(zoomAround({ zoom: 0.25, x: 0, y: 0 }, 0.5, 0, 0).zoom, 0.25);
});

test('brush pointer mapping accounts for object-fit: contain letterboxing and zoom', () => {
  // A 200x100 canvas drawn in a 400x400 box: scale 2, 100px bars top and bottom.
  const rect = { left: 10, top: 20, width: 400, height: 400 };
  assert.deepEqual(toCanvasPoint(10, 120, rect, 200, 100), { x: 0, y: 0 });
  assert.deepEqual(toCanvasPoint(410, 320, rect, 200, 100), { x: 200, y: 100 });
  assert.deepEqual(toCanvasPoint(210, 220, rect, 200, 100), { x: 100, y: 50 });
});

test('brush: toggling switches the stage from pan to paint; saving without strokes asks for them', async () => {
  const { page, posted, app, q } = mount(false);
  const canvas = q<HTMLCanvasElement>('brush-canvas')!;
  assert.equal(canvas.hidden, true);
  check(q('brush-toggle')!, true);
  assert.equal(canvas.hidden, false);
  q('brush-erase')!.click();
  assert.equal(app.brush?.mode, 'erase');
  assert.equal(q('brush-erase')!.getAttribute('aria-pressed'), 'true');
  assert.equal(q('brush-add')!.getAttribute('aria-pressed'), 'false');
  q('save-mask')!.click();
  assert.ok(!posted.some((m) => m.type === 'saveMask'));
  assert.match(q('review-status')!.textContent ?? '', /Paint on the image first/);
  await page.close();
});

test('a failed item shows its full error; Accept and Reject are disabled and keys do not decide', async () => {
  const page = createPage();
  const posted: FromPanelMessage[] = [];
  const app = new ReviewApp({ root: page.root, post: (m) => posted.push(m) });
  const error =
    'source [notAnImage]: benign_0.png: Input buffer contains unsupported image format\nsecond line';
  const state = reviewState(false);
  app.handle({
    type: 'state',
    state: { ...state, item: { ...state.item, status: 'failed', error, outputUri: null } },
  });
  const q = (testId: string) => page.root.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  assert.equal(q('review-error')!.textContent, error, 'the whole error, both lines');
  assert.equal(q('review-accept')!.hasAttribute('disabled'), true);
  assert.equal(q('review-reject')!.hasAttribute('disabled'), true);
  assert.equal(q('brush-toggle'), null, 'no brush: a failed item is made by the augment command');
  const win = page.document.defaultView as unknown as typeof globalThis;
  page.document.body.dispatchEvent(new win.KeyboardEvent('keydown', { key: 'a', bubbles: true }));
  app.handle({ type: 'shortcut', action: 'reject' });
  assert.ok(!posted.some((m) => m.type === 'decide'));
  assert.match(q('review-status')!.textContent ?? '', /no image to accept or reject/);
  await page.close();
});

test('a decision a re-run reset is shown: "was rejected: review again"', async () => {
  const page = createPage();
  const app = new ReviewApp({ root: page.root, post: () => undefined });
  const state = reviewState(false);
  app.handle({
    type: 'state',
    state: { ...state, item: { ...state.item, staleDecision: 'rejected' } },
  });
  const badge = page.root.querySelector('[data-testid="review-stale"]')!;
  assert.equal(badge.textContent, 'was rejected: review again');
  assert.equal(
    page.root.querySelector('[data-testid="review-item-status"]')!.textContent,
    'pending',
  );
  assert.equal(
    page.root.querySelector('[data-testid="review-item-name"]')!.textContent,
    'lesion7__k0.png',
  );
  await page.close();
});

test('brush strokes are drawn in the overlay colour on screen and in white/black for the host', async () => {
  const page = createPage();
  // A stand-in 2D context per canvas that records the colours strokes were drawn with.
  const drawn = new Map<HTMLCanvasElement, string[]>();
  const contextOf = (canvas: HTMLCanvasElement) => {
    const colours: string[] = drawn.get(canvas) ?? [];
    drawn.set(canvas, colours);
    const ctx = {
      strokeStyle: '',
      fillStyle: '',
      lineWidth: 0,
      lineCap: '',
      lineJoin: '',
      globalCompositeOperation: '',
      beginPath: () => undefined,
      moveTo: () => undefined,
      lineTo: () => undefined,
      arc: () => undefined,
      clearRect: () => undefined,
      stroke: () => colours.push(String(ctx.strokeStyle)),
      fill: () => colours.push(String(ctx.fillStyle)),
    };
    return ctx as unknown as CanvasRenderingContext2D;
  };
  const app = new ReviewApp({ root: page.root, post: () => undefined, contextOf });
  app.handle({ type: 'state', state: reviewState(false) });
  const brush = app.brush!;
  brush.canvas.style.setProperty('--mmp-brush-add', 'rgb(51, 204, 51)');
  brush.canvas.style.setProperty('--mmp-brush-erase', 'rgb(241, 76, 76)');
  brush.stroke({ x: 1, y: 1 }, { x: 9, y: 9 });
  brush.mode = 'erase';
  brush.stroke({ x: 5, y: 5 }, { x: 5, y: 5 });
  assert.deepEqual(drawn.get(brush.canvas), ['rgb(51, 204, 51)', 'rgb(241, 76, 76)']);
  const data = [...drawn.keys()].find((canvas) => canvas !== brush.canvas)!;
  assert.deepEqual(drawn.get(data), ['#ffffff', '#000000'], 'the edit layer the host merges');
  assert.equal(brush.hasEdits, true);
  await page.close();
});

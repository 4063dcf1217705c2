import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from '../../../src/webview/renderer/main';
import type { RendererContext } from '../../../src/webview/renderer/rendererTypes';
import type { ToRendererMessage } from '../../../src/shared/rendererProtocol';
import { GALLERY_MIME_TYPE } from '../../../src/shared/rendererProtocol';
import { createPage } from './domShim';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

function fakeContext(isTrusted: boolean) {
  const posted: unknown[] = [];
  let listener: ((m: unknown) => void) | undefined;
  const ctx: RendererContext = {
    workspace: { isTrusted },
    postMessage: (m) => posted.push(m),
    onDidReceiveMessage: (l) => {
      listener = l;
      return { dispose: () => (listener = undefined) };
    },
  };
  return { ctx, posted, reply: (m: ToRendererMessage) => listener?.(m) };
}

function output(json: unknown, id = 'cell1') {
  return { id, mime: GALLERY_MIME_TYPE, json: () => json };
}

function resolved(
  requestId: number,
  trusted: boolean,
  over: Partial<ToRendererMessage> = {},
): ToRendererMessage {
  return {
    type: 'resolved',
    requestId,
    trusted,
    manifest: '/ws/out/maskmedpaint.json',
    offset: 0,
    total: 5,
    error: null,
    items: [
      {
        id: 'a__0',
        label: 'benign',
        status: 'approved',
        error: null,
        sourceThumb: PNG,
        maskThumb: PNG,
        outputThumb: PNG,
      },
    ],
    ...over,
  };
}

test('asks the host to resolve the payload, then draws thumbnails with the mask overlay', async () => {
  const page = createPage();
  const { ctx, posted, reply } = fakeContext(true);
  const renderer = createRenderer(ctx);
  renderer.renderOutputItem(
    output({ manifest: 'out/maskmedpaint.json', filter: { status: ['approved'] } }),
    page.root,
  );
  assert.deepEqual(posted, [
    {
      type: 'resolve',
      requestId: 1,
      payload: { manifest: 'out/maskmedpaint.json', filter: { status: ['approved'] } },
    },
  ]);
  assert.match(page.root.textContent ?? '', /loading/);
  reply(resolved(1, true));
  assert.equal(page.root.querySelectorAll('[data-testid="renderer-item"]').length, 1);
  assert.equal(page.root.querySelector('img[data-testid="thumbnail"]')!.getAttribute('src'), PNG);
  assert.ok(page.root.querySelector('[data-testid="mask-overlay"]'));
  assert.match(
    page.root.querySelector('[data-testid="renderer-header"]')!.textContent ?? '',
    /1 of 5/,
  );
  page.root.querySelector<HTMLElement>('[data-testid="renderer-review-item"]')!.click();
  page.root.querySelector<HTMLElement>('[data-testid="renderer-open-review"]')!.click();
  assert.deepEqual(posted.slice(1), [
    { type: 'openReview', manifest: '/ws/out/maskmedpaint.json', itemId: 'a__0' },
    { type: 'openReview', manifest: '/ws/out/maskmedpaint.json' },
  ]);
  await page.close();
});

test('untrusted: text only, even if the reply carries images', async () => {
  const page = createPage();
  const { ctx, reply } = fakeContext(false);
  createRenderer(ctx).renderOutputItem(output({ items: [{ source: 'a.png' }] }), page.root);
  reply(resolved(1, true));
  assert.equal(page.root.querySelectorAll('img').length, 0);
  assert.equal(page.root.querySelectorAll('[data-testid="renderer-item"]').length, 1);
  assert.match(page.root.textContent ?? '', /text only/);
  await page.close();
});

test('only PNG data URLs are drawn; other image sources are dropped', async () => {
  const page = createPage();
  const { ctx, reply } = fakeContext(true);
  createRenderer(ctx).renderOutputItem(output({ manifest: 'm.json' }), page.root);
  reply(
    resolved(1, true, {
      items: [
        {
          id: 'x',
          label: '<b>l</b>',
          status: null,
          error: null,
          sourceThumb: 'https://evil.test/a.png',
          maskThumb: null,
          outputThumb: 'data:image/svg+xml;base64,PHN2Zz4=',
        },
      ],
    }),
  );
  assert.equal(page.root.querySelectorAll('img').length, 0);
  assert.equal(page.root.querySelectorAll('b').length, 0, 'label drawn as text');
  await page.close();
});

test('a malformed payload is explained as text and nothing is sent to the host', async () => {
  const page = createPage();
  const { ctx, posted } = fakeContext(true);
  createRenderer(ctx).renderOutputItem(output({ manifest: 3 }), page.root);
  assert.deepEqual(posted, []);
  assert.match(
    page.root.querySelector('[data-testid="renderer-note"]')!.textContent ?? '',
    /manifest must be a path/,
  );
  await page.close();
});

test('without messaging (another editor) it renders a note, and stale replies are ignored', async () => {
  const page = createPage();
  createRenderer({ workspace: { isTrusted: true } }).renderOutputItem(
    output({ manifest: 'm.json' }),
    page.root,
  );
  assert.match(page.root.textContent ?? '', /install the MaskMedPaint extension/);
  const { ctx, reply } = fakeContext(true);
  const renderer = createRenderer(ctx);
  renderer.renderOutputItem(output({ manifest: 'm.json' }), page.root);
  renderer.renderOutputItem(output({ manifest: 'm.json' }), page.root);
  reply(resolved(1, true));
  assert.match(page.root.textContent ?? '', /loading/, 'reply to the replaced request ignored');
  reply(resolved(2, true, { error: 'manifest is outside the workspace: m.json', items: [] }));
  assert.match(
    page.root.querySelector('[data-testid="renderer-error"]')!.textContent ?? '',
    /outside the workspace/,
  );
  await page.close();
});

/** A page of `ids` (text-only items) as the host answers it. */
function pageOf(
  requestId: number,
  offset: number,
  ids: string[],
  total: number,
): ToRendererMessage {
  return resolved(requestId, true, {
    offset,
    total,
    items: ids.map((id) => ({
      id,
      label: 'benign',
      status: 'pending',
      error: null,
      sourceThumb: PNG,
      maskThumb: null,
      outputThumb: PNG,
    })),
  });
}

test('"Show more" asks the host for the next page and appends it until every item is shown', async () => {
  const page = createPage();
  const { ctx, posted, reply } = fakeContext(true);
  const payload = { manifest: 'out/maskmedpaint.json', filter: { limit: 2 } };
  createRenderer(ctx).renderOutputItem(output(payload), page.root);
  reply(pageOf(1, 0, ['a', 'b'], 5));
  const ids = (): string[] =>
    [...page.root.querySelectorAll('[data-testid="renderer-item"]')].map(
      (e) => e.getAttribute('data-item-id') ?? '',
    );
  const more = (): HTMLButtonElement | null =>
    page.root.querySelector<HTMLButtonElement>('[data-testid="renderer-more"]');
  const count = (): string =>
    page.root.querySelector('[data-testid="renderer-count"]')?.textContent ?? '';
  assert.deepEqual(ids(), ['a', 'b']);
  assert.match(more()?.textContent ?? '', /3 not shown/);
  more()!.click();
  assert.equal(more()!.disabled, true, 'one request at a time');
  assert.deepEqual(posted.at(-1), { type: 'resolve', requestId: 2, payload, offset: 2 });
  // A reply for another offset (a stale page) is not appended.
  reply(pageOf(2, 4, ['zz'], 5));
  assert.deepEqual(ids(), ['a', 'b']);
  reply(pageOf(2, 2, ['c', 'd'], 5));
  assert.deepEqual(ids(), ['a', 'b', 'c', 'd']);
  assert.match(count(), /4 of 5/);
  assert.equal(page.root.querySelectorAll('img[data-testid="thumbnail"]').length, 4);
  more()!.click();
  assert.deepEqual(posted.at(-1), { type: 'resolve', requestId: 3, payload, offset: 4 });
  reply(pageOf(3, 4, ['e'], 5));
  assert.deepEqual(ids(), ['a', 'b', 'c', 'd', 'e']);
  assert.equal(more(), null, 'everything shown: no button');
  await page.close();
});

test('a later page that fails keeps the items shown and says why; an empty page ends paging', async () => {
  const page = createPage();
  const { ctx, reply } = fakeContext(true);
  const renderer = createRenderer(ctx);
  renderer.renderOutputItem(output({ manifest: 'm.json', filter: { limit: 1 } }), page.root);
  reply(pageOf(1, 0, ['a'], 3));
  page.root.querySelector<HTMLElement>('[data-testid="renderer-more"]')!.click();
  reply(resolved(2, true, { offset: 1, items: [], error: 'the manifest cannot be read' }));
  assert.equal(page.root.querySelectorAll('[data-testid="renderer-item"]').length, 1);
  assert.match(
    page.root.querySelector('[data-testid="renderer-error"]')?.textContent ?? '',
    /cannot be read/,
  );
  renderer.renderOutputItem(output({ manifest: 'm.json', filter: { limit: 1 } }), page.root);
  reply(pageOf(3, 0, ['a'], 3));
  page.root.querySelector<HTMLElement>('[data-testid="renderer-more"]')!.click();
  // The run lost items meanwhile: nothing more to ask for.
  reply(pageOf(4, 1, [], 3));
  assert.equal(page.root.querySelector('[data-testid="renderer-more"]'), null);
  await page.close();
});

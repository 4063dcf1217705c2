import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isAbsolutePathWithoutDotDot,
  parseGalleryMessage,
  parsePanelMessage,
  parseResultsMessage,
} from '../../../src/shared/webviewProtocol';
import {
  isPayloadPath,
  parseGalleryPayload,
  parseRendererMessage,
} from '../../../src/shared/rendererProtocol';

test('gallery: well-formed messages pass and come back as new objects', () => {
  const raw = {
    type: 'inpaintSelection',
    paths: ['/ws/images/a.png', 'C:\\data\\b.png'],
    extra: 1,
  };
  const result = parseGalleryMessage(raw);
  assert.equal(result.ok, true);
  assert.deepEqual(result.ok && result.message, { type: 'inpaintSelection', paths: raw.paths });
  assert.deepEqual(parseGalleryMessage({ type: 'openReview', itemId: 'img__0' }), {
    ok: true,
    message: { type: 'openReview', itemId: 'img__0' },
  });
  assert.deepEqual(parseGalleryMessage({ type: 'showRun' }), {
    ok: true,
    message: { type: 'showRun' },
  });
  // Two classes sharing a stem give ids with the class folder in front (core/jobs/itemIds.ts).
  assert.equal(parseGalleryMessage({ type: 'openReview', itemId: 'benign/img_0__0' }).ok, true);
});

test('gallery: forged messages are refused with a reason', () => {
  const forged: unknown[] = [
    null,
    'ready',
    [],
    { type: 42 },
    { type: 'deleteEverything' },
    { type: 'openReview' },
    { type: 'openReview', itemId: 7 },
    { type: 'openReview', itemId: '../../etc/passwd' },
    { type: 'openReview', itemId: '/etc/passwd' },
    { type: 'openReview', itemId: 'a\\b__0' },
    { type: 'openReview', itemId: 'a/./b__0' },
    { type: 'inpaintSelection', paths: [] },
    { type: 'inpaintSelection', paths: 'a.png' },
    { type: 'inpaintSelection', paths: ['relative/a.png'] },
    { type: 'inpaintSelection', paths: ['/ws/images/../../etc/passwd'] },
    { type: 'inpaintSelection', paths: ['/ws/./a.png'] },
    { type: 'inpaintSelection', paths: ['/ws/a.png', 3] },
  ];
  for (const message of forged) {
    const result = parseGalleryMessage(message);
    assert.equal(result.ok, false, `accepted ${JSON.stringify(message)}`);
    assert.ok(!result.ok && result.reason.length > 0);
  }
});

test('absolute path check: POSIX, Windows drive and UNC accepted; relative, dot segments, NUL refused', () => {
  for (const ok of ['/a/b.png', 'C:\\x\\y.png', 'd:/x/y.png', '\\\\server\\share\\a.png']) {
    assert.equal(isAbsolutePathWithoutDotDot(ok), true, ok);
  }
  for (const bad of [
    '',
    'a.png',
    './a.png',
    '/a/../b',
    'C:\\a\\..\\b',
    '/a/b\0.png',
    'C:relative',
  ]) {
    assert.equal(isAbsolutePathWithoutDotDot(bad), false, String(bad));
  }
});

test('panel: decide, navigate and saveMask validated; bad decisions refused', () => {
  assert.deepEqual(
    parsePanelMessage({
      type: 'decide',
      itemId: 'x__1',
      decision: 'approved',
      note: '  looks fine ',
    }),
    {
      ok: true,
      message: { type: 'decide', itemId: 'x__1', decision: 'approved', note: 'looks fine' },
    },
  );
  assert.deepEqual(
    parsePanelMessage({ type: 'decide', itemId: 'x__1', decision: 'rejected', note: '   ' }),
    {
      ok: true,
      message: { type: 'decide', itemId: 'x__1', decision: 'rejected' },
    },
  );
  const refused: unknown[] = [
    { type: 'decide', itemId: 'x__1', decision: 'pending' },
    { type: 'decide', itemId: 'x__1', decision: 'failed' },
    { type: 'decide', itemId: '', decision: 'approved' },
    { type: 'decide', itemId: 'x__1', decision: 'approved', note: 12 },
    { type: 'decide', itemId: 'x__1', decision: 'approved', note: 'n'.repeat(5000) },
    { type: 'navigate', direction: 'sideways' },
    { type: 'saveMask', itemId: 'x__1', pngDataUrl: 'data:text/html;base64,PHNjcmlwdD4=' },
    { type: 'saveMask', itemId: 'x__1', pngDataUrl: 'data:image/png;base64,<script>' },
    { type: 'saveMask', itemId: 'x__1', pngDataUrl: 'file:///etc/passwd' },
    { type: 'saveMask', itemId: 'a/../b', pngDataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
  ];
  for (const message of refused)
    assert.equal(parsePanelMessage(message).ok, false, JSON.stringify(message));
  assert.equal(
    parsePanelMessage({
      type: 'saveMask',
      itemId: 'x__1',
      pngDataUrl: 'data:image/png;base64,iVBORw0KGgo=',
    }).ok,
    true,
  );
  assert.equal(parseResultsMessage({ type: 'ready' }).ok, true);
  assert.equal(parseResultsMessage({ type: 'openFile', path: '/etc/passwd' }).ok, false);
});

test('renderer payload: manifest path or inline items; malformed paths and filters refused', () => {
  assert.equal(
    parseGalleryPayload({
      manifest: 'out/maskmedpaint.json',
      filter: { status: ['approved'], limit: 20 },
    }).ok,
    true,
  );
  assert.equal(
    parseGalleryPayload({
      items: [{ source: 'a.png', mask: null, output: '/abs/o.png', status: 'pending' }],
    }).ok,
    true,
  );
  // A folder gallery's inline items carry the page size (show(folder, page_size=N)).
  const inline = parseGalleryPayload({ items: [{ source: 'a.png' }], filter: { limit: 5 } });
  assert.ok(inline.ok && 'items' in inline.payload && inline.payload.filter?.limit === 5);
  // Relative paths may climb (a notebook in notebooks/ names ../data/...): the host confines them.
  assert.equal(parseGalleryPayload({ manifest: '../data/out/maskmedpaint.json' }).ok, true);
  const refused: unknown[] = [
    { manifest: 3 },
    { manifest: '' },
    { manifest: 'out/\0.json' },
    { manifest: 'm.json', filter: { status: ['deleted'] } },
    { manifest: 'm.json', filter: { limit: -1 } },
    { items: [{ source: 7 }] },
    { items: [{ source: 'a.png', output: ['x'] }] },
    { items: [{ source: 'a.png', status: 'done' }] },
    { items: [{ source: 'a.png' }], filter: { limit: 0 } },
    { neither: true },
    [],
  ];
  for (const payload of refused)
    assert.equal(parseGalleryPayload(payload).ok, false, JSON.stringify(payload));
  assert.equal(isPayloadPath('   '), false);
  assert.equal(isPayloadPath('x'.repeat(5000)), false);
});

test('renderer messages: resolve and openReview validated', () => {
  assert.equal(
    parseRendererMessage({ type: 'resolve', requestId: 1, payload: { manifest: 'm.json' } }).ok,
    true,
  );
  assert.equal(
    parseRendererMessage({ type: 'resolve', requestId: '1', payload: { manifest: 'm.json' } }).ok,
    false,
  );
  // The page offset: a non-negative whole number, or absent (the first page).
  const resolveAt = (offset: unknown) =>
    parseRendererMessage({
      type: 'resolve',
      requestId: 1,
      payload: { manifest: 'm.json' },
      offset,
    });
  const second = resolveAt(24);
  assert.ok(second.ok && second.message.type === 'resolve' && second.message.offset === 24);
  for (const bad of [-1, 1.5, '24', Number.NaN, 2 ** 60])
    assert.match(
      (resolveAt(bad) as { reason: string }).reason,
      /offset must be a non-negative integer/,
      String(bad),
    );
  assert.equal(
    parseRendererMessage({
      type: 'openReview',
      manifest: '/ws/out/maskmedpaint.json',
      itemId: 'a__0',
    }).ok,
    true,
  );
  assert.equal(parseRendererMessage({ type: 'openReview', manifest: 'relative.json' }).ok, false);
  assert.equal(
    parseRendererMessage({ type: 'openReview', manifest: '/ws/../etc/maskmedpaint.json' }).ok,
    false,
  );
  assert.equal(parseRendererMessage({ type: 'runModel' }).ok, false);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  buildCsp,
  buildWebviewHtml,
  childUri,
  webviewOptions,
  type WebviewLike,
} from '../../../src/extension/views/webviewHtml';
import { maskFlagsFor, toItemView, versionedUri } from '../../../src/extension/views/galleryModel';
import { ShownItemViews } from '../../../src/extension/views/shownItemViews';
import { decodePngDataUrl, editedMaskPath } from '../../../src/extension/views/editedMask';
import { parseResultsMarkdown } from '../../../src/extension/views/resultsMarkdown';
import { changeMessage, reviewFingerprint } from '../../../src/extension/views/reviewChange';
import type { ManifestItem } from '../../../src/shared/manifest';

/** The Uri type the helpers take (named without importing vscode in a unit test). */
type Uri = Parameters<typeof childUri>[0];

/** A stand-in for Uri with the members the helpers use (`with`, `path`, `toString`). */
function fakeUri(p: string): Uri {
  const uri = {
    scheme: 'file',
    path: p,
    fsPath: p,
    with: (change: { path: string }) => fakeUri(change.path),
    toString: () => `file://${p}`,
  };
  return uri as unknown as Uri;
}

const webview: WebviewLike = {
  cspSource: 'https://*.vscode-cdn.net',
  asWebviewUri: (uri: Uri) => ({ toString: () => `https://res.vscode-cdn.net${uri.path}` }) as Uri,
};

test('CSP: nonce-only scripts, no unsafe-inline or unsafe-eval, nothing by default', () => {
  const csp = buildCsp('https://*.vscode-cdn.net', 'abc123==');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123=='(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.throws(() => buildCsp('x', "' unsafe-inline"), /nonce/);
});

test('HTML: the script tag carries the same fresh nonce as the CSP and loads from the bundle folder', () => {
  const ext = fakeUri('/ext');
  const html = buildWebviewHtml(webview, ext, 'gallery', 'Gallery <test>');
  const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
  assert.ok(nonce, 'CSP has a nonce');
  const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
  assert.equal(scripts.length, 1);
  assert.ok(scripts[0].includes(`nonce="${nonce}"`));
  assert.ok(scripts[0].includes('src="https://res.vscode-cdn.net/ext/dist/webview/gallery.js"'));
  assert.ok(html.includes('Gallery &#60;test&#62;'), 'title escaped');
  const again = buildWebviewHtml(webview, ext, 'gallery', 'Gallery');
  assert.notEqual(/nonce-([^']+)'/.exec(again)?.[1], nonce, 'a new nonce per load');
});

test('webview options: resources limited to the bundle, media and the shown folders', () => {
  const options = webviewOptions(fakeUri('/ext'), [fakeUri('/ws/out')]);
  assert.deepEqual(
    options.localResourceRoots?.map((u) => u.path),
    ['/ext/dist/webview', '/ext/media', '/ws/out'],
  );
  assert.equal(options.enableCommandUris, false);
  assert.equal(childUri(fakeUri('/a/'), 'b', 'c').path, '/a/b/c');
});

const item: ManifestItem = {
  id: 'a__0',
  source: '../src/benign/a.png',
  mask: '../masks/a.png',
  label: 'benign',
  target: null,
  seed: 1,
  output: 'images/a__k0.png',
  sha256: 'x',
  status: 'pending',
  error: null,
  maskCoverage: 0.3,
};

test('mask flags: empty, full and fragmented from the measurements; none without a mask', () => {
  assert.deepEqual(maskFlagsFor(item), []);
  assert.deepEqual(maskFlagsFor({ ...item, maskCoverage: 0 }), ['empty']);
  assert.deepEqual(maskFlagsFor({ ...item, maskCoverage: 1 }), ['full']);
  assert.deepEqual(maskFlagsFor({ ...item, maskComponents: 9 }), ['fragmented']);
  assert.deepEqual(maskFlagsFor({ ...item, mask: null, maskCoverage: 0 }), []);
});

test('mask flags: a mask stretched from another aspect ratio is flagged "stretched"', () => {
  const maskAspectMismatch = { maskWidth: 100, maskHeight: 50, imageWidth: 64, imageHeight: 64 };
  assert.deepEqual(maskFlagsFor({ ...item, maskAspectMismatch }), ['stretched']);
  assert.deepEqual(maskFlagsFor({ ...item, maskComponents: 9, maskAspectMismatch }), [
    'fragmented',
    'stretched',
  ]);
});

test('item view: confined paths become URIs; paths outside the roots or refused get none', () => {
  const shown: string[] = [];
  const paths = {
    source: '/ws/src/benign/a.png',
    mask: '/ws/masks/a.png',
    output: null,
    regions: null,
  };
  const view = toItemView({ ...item, review: { note: 'ok', decidedAt: 'now' } }, paths, (p) => {
    shown.push(p);
    return p.startsWith('/ws/src/') ? `uri:${p}` : null;
  });
  assert.deepEqual(shown, ['/ws/src/benign/a.png', '/ws/masks/a.png']);
  assert.equal(view.sourceUri, 'uri:/ws/src/benign/a.png');
  assert.equal(view.maskUri, null);
  assert.equal(view.outputUri, null, 'a refused output is not drawn');
  assert.equal(view.note, 'ok');
});

test('item view: the name, the source, a stale decision, and image URIs versioned by the hash', () => {
  const paths = {
    source: '/ws/src/a.png',
    mask: '/ws/run/edited-masks/a__0.png',
    output: '/ws/run/a.png',
    regions: '/ws/run/regions/a__k0.png',
  };
  const view = toItemView(
    {
      ...item,
      sha256: 'f00d'.repeat(16),
      review: { decidedAt: 'now', staleDecision: { status: 'rejected', sha256: 'old' } },
      quality: {
        seam: 3,
        keptExact: 1,
        ssimTarget: 0.8,
        ssimSource: 0.2,
        regions: 'regions/a__k0.png',
      },
    },
    paths,
    (p) => `uri:${p}`,
  );
  assert.equal(view.name, 'a__k0.png');
  assert.equal(view.source, '../src/benign/a.png');
  assert.equal(view.staleDecision, 'rejected');
  assert.equal(view.sourceUri, 'uri:/ws/src/a.png', 'a source never changes under the run');
  assert.equal(view.outputUri, `uri:/ws/run/a.png?v=${'f00d'.repeat(4)}`);
  assert.equal(view.maskUri, `uri:/ws/run/edited-masks/a__0.png?v=${'f00d'.repeat(4)}`);
  assert.equal(view.regionsUri, `uri:/ws/run/regions/a__k0.png?v=${'f00d'.repeat(4)}`);
  // Re-run: same paths, new hash, so the webview fetches the new image and the diff sends a patch.
  const rerun = toItemView({ ...item, sha256: 'beef'.repeat(16) }, paths, (p) => `uri:${p}`);
  assert.notEqual(rerun.outputUri, view.outputUri);
  const shown = new ShownItemViews();
  shown.update([view]);
  assert.equal(shown.update([rerun]).changed.length, 1);
  // A failed item has no output: its source names it.
  const failed = toItemView(
    { ...item, output: null, sha256: null, status: 'failed' },
    paths,
    () => null,
  );
  assert.equal(failed.name, 'a.png');
  assert.equal(versionedUri('https://x/a.png?q=1', 'abc'), 'https://x/a.png?q=1&v=abc');
});

test('incremental diff: only changed and new items; removals noticed', () => {
  const paths = { source: '/ws/src/a.png', mask: null, output: '/ws/out/a.png', regions: null };
  const toView = (i: ManifestItem) => toItemView(i, paths, (p) => p);
  const shown = new ShownItemViews();
  const first = shown.update([toView(item), toView({ ...item, id: 'b__0' })]);
  assert.equal(first.changed.length, 2);
  const b = toView({ ...item, id: 'b__0' });
  const second = shown.update([
    toView({ ...item, status: 'approved' }),
    b,
    toView({ ...item, id: 'c__0' }),
  ]);
  assert.deepEqual(
    second.changed.map((v) => [v.id, v.status]),
    [
      ['a__0', 'approved'],
      ['c__0', 'pending'],
    ],
  );
  assert.equal(second.removed, false);
  // The same view object again is skipped without comparing it.
  assert.deepEqual(
    shown.update([toView({ ...item, status: 'approved' }), b, toView({ ...item, id: 'c__0' })])
      .changed,
    [],
  );
  assert.equal(shown.update([toView(item)]).removed, true);
  shown.reset([toView(item)]);
  assert.deepEqual(shown.update([toView(item)]), { changed: [], removed: false });
});

test('edited masks: only real PNG bytes accepted; file name cannot leave edited-masks/', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  assert.deepEqual(decodePngDataUrl(`data:image/png;base64,${png.toString('base64')}`), png);
  assert.throws(
    () => decodePngDataUrl(`data:image/png;base64,${Buffer.from('<svg/>').toString('base64')}`),
    /not a PNG/,
  );
  assert.equal(
    editedMaskPath('/ws/out/maskmedpaint.json', 'a__0'),
    path.join('/ws/out/edited-masks/a__0.png'),
  );
  for (const id of ['..', '../../x', 'a/b', 'c:\\x']) {
    assert.equal(
      path.dirname(editedMaskPath('/ws/out/maskmedpaint.json', id)),
      path.join('/ws/out/edited-masks'),
      id,
    );
  }
});

test('results.md: pipe tables parsed (escaped pipes, ragged rows), other lines kept as notes', () => {
  const md = [
    '# Evidence',
    '',
    '| arm | target acc | note |',
    '|---|:---:|---|',
    '| source only | 0.52 ± 0.03 | a \\| b |',
    '| maskmedpaint N=10 | 0.71 |',
    '',
    'Machine: 2 cores',
  ].join('\n');
  const { tables, notes } = parseResultsMarkdown(md);
  assert.deepEqual(tables, [
    {
      headers: ['arm', 'target acc', 'note'],
      rows: [
        ['source only', '0.52 ± 0.03', 'a | b'],
        ['maskmedpaint N=10', '0.71', ''],
      ],
    },
  ]);
  assert.deepEqual(notes, ['Evidence', 'Machine: 2 cores']);
});

test('review panel: a re-run of the item shown is a change it redraws and explains', () => {
  const before: ManifestItem = { ...item, status: 'approved', review: { decidedAt: 'then' } };
  const after: ManifestItem = {
    ...item,
    sha256: 'new',
    status: 'pending',
    mask: 'edited-masks/a__0.png',
    review: { decidedAt: 'then', staleDecision: { status: 'approved', sha256: 'x' } },
  };
  assert.notEqual(reviewFingerprint(before), reviewFingerprint(after));
  assert.equal(reviewFingerprint(before), reviewFingerprint({ ...before }));
  assert.equal(
    changeMessage(before, after),
    'a__0 was regenerated: the new image is shown (pending). Its earlier decision (approved) was about the old image and was reset: review it again.',
  );
  assert.equal(
    changeMessage(before, { ...before, status: 'rejected' }),
    'a__0 changed on disk: now rejected.',
  );
});

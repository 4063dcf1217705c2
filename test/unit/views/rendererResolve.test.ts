import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { writeManifest } from '../../../src/core/jobs/manifestStore';
import { isSameOrDescendant } from '../../../src/extension/security/pathGuard';
import { mergeMaskEdits } from '../../../src/extension/views/editedMask';
import { resolvePayload, type ResolveContext } from '../../../src/extension/views/rendererResolve';
import { thumbnailDataUrl } from '../../../src/extension/views/thumbnails';
import type { ManifestItem } from '../../../src/shared/manifest';
import { manifestOf } from '../helpers/manifestFixture';

async function png(file: string, width: number, height: number, grey: number): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  await sharp({ create: { width, height, channels: 3, background: { r: grey, g: grey, b: grey } } })
    .png()
    .toFile(file);
}

function manifestItem(id: string, status: ManifestItem['status'], label: string): ManifestItem {
  return {
    id,
    source: `../src/${id}.png`,
    mask: `../masks/${id}.png`,
    label,
    target: null,
    seed: 1,
    output: status === 'failed' ? null : `images/${id}.png`,
    sha256: status === 'failed' ? null : 'ab'.repeat(32),
    status,
    error: status === 'failed' ? 'engine failed' : null,
  };
}

/** A workspace with src/, masks/ and out/maskmedpaint.json holding four items. */
async function workspace(): Promise<string> {
  const ws = mkdtempSync(path.join(tmpdir(), 'mmp-views-'));
  const items = [
    manifestItem('a', 'approved', 'benign'),
    manifestItem('b', 'pending', 'malignant'),
    manifestItem('c', 'approved', 'malignant'),
    manifestItem('d', 'failed', 'benign'),
  ];
  for (const item of items) {
    await png(path.join(ws, 'src', `${item.id}.png`), 300, 200, 100);
    await png(path.join(ws, 'masks', `${item.id}.png`), 300, 200, 255);
    if (item.output) await png(path.join(ws, 'out', item.output), 300, 200, 50);
  }
  const manifest = manifestOf(items);
  await writeManifest(path.join(ws, 'out', 'maskmedpaint.json'), manifest);
  return ws;
}

function context(
  ws: string,
  trusted: boolean,
): ResolveContext & { refused: string[]; warnings: string[] } {
  const refused: string[] = [];
  const warnings: string[] = [];
  return {
    baseDir: ws,
    trusted,
    refused,
    warnings,
    warn: (message) => warnings.push(message),
    isAllowed: (p) => {
      const ok = isSameOrDescendant(p, ws);
      if (!ok) refused.push(p);
      return Promise.resolve(ok);
    },
    thumbnail: (p) => thumbnailDataUrl(p, 32),
  };
}

test('manifest payload: filter and limit applied, small PNG thumbnails when trusted', async () => {
  const ws = await workspace();
  const result = await resolvePayload(
    { manifest: 'out/maskmedpaint.json', filter: { status: ['approved'], limit: 1 } },
    context(ws, true),
  );
  assert.equal(result.error, null);
  assert.equal(result.manifest, path.join(ws, 'out', 'maskmedpaint.json'));
  assert.equal(result.total, 2);
  assert.deepEqual(
    result.items.map((i) => i.id),
    ['a'],
  );
  const thumb = result.items[0].sourceThumb!;
  assert.match(thumb, /^data:image\/png;base64,/);
  const meta = await sharp(Buffer.from(thumb.split(',')[1], 'base64')).metadata();
  assert.deepEqual([meta.width, meta.height], [32, 21]);
  assert.ok(result.items[0].maskThumb && result.items[0].outputThumb);
});

test('pages: the offset takes the page after the items already shown, the limit is its size', async () => {
  const ws = await workspace();
  const payload = { manifest: 'out/maskmedpaint.json', filter: { limit: 3 } };
  const first = await resolvePayload(payload, context(ws, false));
  const second = await resolvePayload(payload, context(ws, false), 3);
  assert.deepEqual(
    [first.offset, first.total, first.items.map((i) => i.id)],
    [0, 4, ['a', 'b', 'c']],
  );
  assert.deepEqual([second.offset, second.total, second.items.map((i) => i.id)], [3, 4, ['d']]);
  const past = await resolvePayload(payload, context(ws, false), 9);
  assert.deepEqual([past.items, past.total, past.error], [[], 4, null]);
  // Inline items page the same way and keep their position in the names they get.
  const inline = await resolvePayload(
    { items: Array.from({ length: 30 }, () => ({ source: 'src/a.png' })) },
    context(ws, false),
    24,
  );
  assert.deepEqual(
    inline.items.map((i) => i.id),
    ['item 25', 'item 26', 'item 27', 'item 28', 'item 29', 'item 30'],
  );
  // show(folder, page_size=N) sends inline items with the filter's limit as the page size.
  const sized = await resolvePayload(
    { items: Array.from({ length: 30 }, () => ({ source: 'src/a.png' })), filter: { limit: 2 } },
    context(ws, false),
    4,
  );
  assert.deepEqual(
    sized.items.map((i) => i.id),
    ['item 5', 'item 6'],
  );
});

test('untrusted: items as text, no thumbnails read', async () => {
  const ws = await workspace();
  const result = await resolvePayload(
    { manifest: 'out/maskmedpaint.json', filter: { labels: ['benign'] } },
    context(ws, false),
  );
  assert.deepEqual(
    result.items.map((i) => [i.id, i.status, i.error]),
    [
      ['a', 'approved', null],
      ['d', 'failed', 'engine failed'],
    ],
  );
  assert.ok(
    result.items.every(
      (i) => i.sourceThumb === null && i.maskThumb === null && i.outputThumb === null,
    ),
  );
});

test('paths outside the roots are refused: manifest errors, inline images stay blank', async () => {
  const ws = await workspace();
  const outsider = mkdtempSync(path.join(tmpdir(), 'mmp-outside-'));
  await png(path.join(outsider, 'secret.png'), 10, 10, 0);
  const ctx = context(ws, true);
  const bad = await resolvePayload({ manifest: path.join(outsider, 'maskmedpaint.json') }, ctx);
  assert.match(bad.error ?? '', /outside the workspace/);
  const climbing = await resolvePayload(
    { manifest: `../${path.basename(outsider)}/maskmedpaint.json` },
    ctx,
  );
  assert.match(climbing.error ?? '', /outside the workspace/, 'a relative ".." escape is refused');
  assert.deepEqual(bad.items, []);
  const inline = await resolvePayload(
    {
      items: [
        { source: path.join(outsider, 'secret.png') },
        { source: 'src/a.png', label: 'benign' },
      ],
    },
    ctx,
  );
  assert.equal(inline.items[0].sourceThumb, null);
  assert.match(inline.items[1].sourceThumb ?? '', /^data:image\/png/);
  assert.ok(ctx.refused.includes(path.join(outsider, 'secret.png')));
});

test('mask edits: painted pixels set or cleared, transparent pixels keep the original value', async () => {
  const ws = mkdtempSync(path.join(tmpdir(), 'mmp-mask-'));
  const original = path.join(ws, 'mask.png');
  // Original 4x2 mask: left half 200 (key region under a threshold of 128), right half 10.
  const base = Buffer.from([200, 200, 10, 10, 200, 200, 10, 10]);
  await sharp(base, { raw: { width: 4, height: 2, channels: 1 } })
    .png()
    .toFile(original);
  // Edit layer: pixel (0,0) erased (opaque black), pixel (3,1) added (opaque white), rest transparent.
  const rgba = Buffer.alloc(4 * 2 * 4);
  rgba.set([0, 0, 0, 255], 0);
  rgba.set([255, 255, 255, 255], (1 * 4 + 3) * 4);
  const edit = await sharp(rgba, { raw: { width: 4, height: 2, channels: 4 } })
    .png()
    .toBuffer();
  const mergedPng = await mergeMaskEdits(edit, original);
  assert.equal((await sharp(mergedPng).metadata()).channels, 1, 'a single-channel PNG');
  const merged = await sharp(mergedPng).extractChannel(0).raw().toBuffer();
  assert.deepEqual([...merged], [0, 200, 10, 10, 200, 200, 10, 255]);
  const fromNothing = await sharp(await mergeMaskEdits(edit, null))
    .extractChannel(0)
    .raw()
    .toBuffer();
  assert.deepEqual([...fromNothing], [0, 0, 0, 0, 0, 0, 0, 255]);
});

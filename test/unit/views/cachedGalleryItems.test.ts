/**
 * A large run's gallery shows its first items' images at once and the others as the background
 * pass confines them: every view ends equal to a full load's, each chunk reaches the webview as a
 * patch, and a decision made meanwhile is not undone by the pass.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { writeManifest } from '../../../src/core/jobs/manifestStore';
import { recordDecision } from '../../../src/core/jobs/reviewDecisions';
import { CachedGalleryItems } from '../../../src/extension/views/cachedGalleryItems';
import { loadManifestItems } from '../../../src/extension/views/galleryContent';
import { ShownItemViews } from '../../../src/extension/views/shownItemViews';
import type { ManifestItem } from '../../../src/shared/manifest';
import { manifestOf } from '../helpers/manifestFixture';
import { freshTempDirs } from '../helpers/tempDir';

const tempDir = freshTempDirs('gallery-late');
const ITEMS = 23;

type Uri = Parameters<CachedGalleryItems['load']>[0];
const toUri = (absolute: string): string => `webview:${absolute}`;

async function png(file: string, grey: number): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  await sharp({
    create: { width: 4, height: 4, channels: 3, background: { r: grey, g: grey, b: grey } },
  })
    .png()
    .toFile(file);
}

/** A run of ITEMS done items over one source and mask, each with its own output. */
async function run(): Promise<{ uri: Uri; dir: string; items: ManifestItem[] }> {
  const ws = tempDir();
  await png(path.join(ws, 'src', 'a.png'), 100);
  await png(path.join(ws, 'masks', 'a.png'), 255);
  const items: ManifestItem[] = [];
  for (let i = 0; i < ITEMS; i++) {
    await png(path.join(ws, 'out', 'images', `a__${i}.png`), i);
    items.push({
      id: `a__${i}`,
      source: '../src/a.png',
      mask: '../masks/a.png',
      label: 'benign',
      target: null,
      seed: i,
      output: `images/a__${i}.png`,
      sha256: i.toString(16).padStart(64, '0'),
      status: 'pending',
      error: null,
    });
  }
  const manifest = manifestOf(items);
  const dir = path.join(ws, 'out');
  await writeManifest(path.join(dir, 'maskmedpaint.json'), manifest);
  return { uri: { fsPath: path.join(dir, 'maskmedpaint.json') } as unknown as Uri, dir, items };
}

test('the first items come with images, the rest follow in chunks, each sent as a patch', async () => {
  const { uri } = await run();
  const warnings: string[] = [];
  const warn = (message: string): void => void warnings.push(message);
  let chunks = 0;
  const gallery = new CachedGalleryItems(() => chunks++, 4, 5);
  const shown = new ShownItemViews();
  const first = await gallery.load(uri, toUri, warn);
  shown.reset(first);
  assert.equal(first.length, ITEMS);
  assert.ok(first.slice(0, 4).every((view) => view.outputUri !== null && !view.imagesPending));
  for (const view of first.slice(4)) {
    assert.equal(view.imagesPending, true, view.id);
    assert.equal(view.outputUri, null);
    assert.equal(view.status, 'pending', 'everything but the images is there at once');
  }
  await gallery.whenComplete();
  assert.equal(chunks, Math.ceil((ITEMS - 4) / 5));
  const patch = shown.update(await gallery.load(uri, toUri, warn));
  assert.equal(patch.removed, false);
  assert.deepEqual(
    patch.changed.map((view) => view.id),
    first.slice(4).map((view) => view.id),
  );
  const complete = await gallery.load(uri, toUri, warn);
  assert.deepEqual(complete, await loadManifestItems(uri, toUri, warn));
  assert.ok(complete.every((view) => view.imagesPending === undefined && view.outputUri !== null));
  assert.deepEqual(warnings, []);
});

test('a decision made while the images are being checked stays in the view', async () => {
  const { uri, dir, items } = await run();
  const gallery = new CachedGalleryItems(() => undefined, 2, 3);
  const warn = (message: string): void => assert.fail(message);
  const decided = items[ITEMS - 1];
  await gallery.load(uri, toUri, warn);
  // The pass is under way; the reviewer decides on an item it has not reached yet.
  await recordDecision(dir, decided, 'rejected', { decidedBy: 'os:test' });
  const afterDecision = await gallery.load(uri, toUri, warn);
  const view = afterDecision.find((v) => v.id === decided.id);
  assert.equal(view?.status, 'rejected');
  assert.notEqual(view?.outputUri, null, 'a decided item is mapped afresh, with its images');
  await gallery.whenComplete();
  const final = await gallery.load(uri, toUri, warn);
  assert.equal(final.find((v) => v.id === decided.id)?.status, 'rejected');
  assert.deepEqual(final, await loadManifestItems(uri, toUri, warn));
});

test('clearing the gallery stops its background pass', async () => {
  const { uri } = await run();
  let chunks = 0;
  const gallery = new CachedGalleryItems(() => chunks++, 2, 3);
  await gallery.load(uri, toUri, () => undefined);
  gallery.clear();
  await gallery.whenComplete();
  assert.ok(chunks <= 1, `${chunks} chunks after the clear`);
});

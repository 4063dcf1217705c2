import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { ManifestPathError } from '../../../src/core/jobs/manifestPaths';
import { writeManifest } from '../../../src/core/jobs/manifestStore';
import { isInsideRoots } from '../../../src/extension/security/pathGuard';
import { MAX_REPORTED_REFUSALS } from '../../../src/extension/views/confinedItemPaths';
import { saveEditedMask } from '../../../src/extension/views/editedMask';
import { loadManifestItems, loadPredictionRows } from '../../../src/extension/views/galleryContent';
import { resolvePayload } from '../../../src/extension/views/rendererResolve';
import { thumbnailDataUrl } from '../../../src/extension/views/thumbnails';
import type { ManifestItem } from '../../../src/shared/manifest';
import { manifestOf } from '../helpers/manifestFixture';
import { freshTempDirs } from '../helpers/tempDir';
import { makeFifo, withPipeGuard } from '../jobs/helpers/fifo';

const tempDir = freshTempDirs('view-confined');

async function png(file: string, grey: number): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  await sharp({
    create: { width: 8, height: 8, channels: 3, background: { r: grey, g: grey, b: grey } },
  })
    .png()
    .toFile(file);
}

function item(id: string, edit: Partial<ManifestItem> = {}): ManifestItem {
  return {
    id,
    source: `../src/${id}.png`,
    mask: `../masks/${id}.png`,
    label: 'benign',
    target: null,
    seed: 1,
    output: `images/${id}.png`,
    sha256: 'ab'.repeat(32),
    status: 'pending',
    error: null,
    ...edit,
  };
}

/** ws/src, ws/masks, ws/out (the run), ws/outside/secret.png; items a (clean) plus `extra`. */
async function workspace(extra: ManifestItem[] = []): Promise<{ ws: string; manifest: string }> {
  const ws = tempDir();
  for (const id of ['a', ...extra.map((i) => i.id)]) {
    await png(path.join(ws, 'src', `${id}.png`), 100);
    await png(path.join(ws, 'masks', `${id}.png`), 255);
    await png(path.join(ws, 'out', 'images', `${id}.png`), 50);
  }
  await png(path.join(ws, 'outside', 'secret.png'), 7);
  const manifest = manifestOf([item('a'), ...extra]);
  const manifestPath = path.join(ws, 'out', 'maskmedpaint.json');
  await writeManifest(manifestPath, manifest);
  return { ws, manifest: manifestPath };
}

const PNG_EDIT = sharp({
  create: { width: 8, height: 8, channels: 4, background: { r: 255, g: 255, b: 255, alpha: 1 } },
})
  .png()
  .toBuffer();

test('mask save: writes edited-masks/<id>.png and returns the path really written', async () => {
  const { ws, manifest } = await workspace();
  const written = await saveEditedMask(manifest, 'a', await PNG_EDIT);
  assert.equal(written, path.join(ws, 'out', 'edited-masks', 'a.png'));
  assert.equal((await sharp(written).metadata()).width, 8);
});

test('mask save: an escaping recorded mask, a pipe as mask and a linked edited-masks/ are refused; nothing is written', async () => {
  const { ws, manifest } = await workspace([
    item('dotdot', { mask: '../outside/secret.png' }),
    item('absolute', { mask: '/etc/hosts' }),
    item('piped', { mask: '../masks/pipe.png' }),
  ]);
  makeFifo(path.join(ws, 'masks', 'pipe.png'));
  for (const id of ['dotdot', 'absolute', 'piped']) {
    const { outcome, released } = await withPipeGuard([path.join(ws, 'masks', 'pipe.png')], () =>
      saveEditedMask(manifest, id, Buffer.alloc(0)),
    );
    assert.equal(released, false, `${id}: blocked on the pipe`);
    assert.equal(outcome.status, 'rejected', id);
    const error = outcome.reason as unknown;
    assert.ok(error instanceof ManifestPathError, `${id}: ${String(error)}`);
    assert.match(error.message, new RegExp(`^item "${id}", field "mask"`));
  }
  assert.equal(existsSync(path.join(ws, 'out', 'edited-masks')), false);
  symlinkSync(path.join(ws, 'outside'), path.join(ws, 'out', 'edited-masks'));
  await assert.rejects(
    saveEditedMask(manifest, 'a', await PNG_EDIT),
    /^Error: item "a", edited mask: .*would be written through a symbolic link/,
  );
  assert.deepEqual(readdirSync(path.join(ws, 'outside')), ['secret.png']);
});

test('gallery: paths escaping through .., absolute paths, links or pipes get no URI; refusals are logged, a few per load', async () => {
  const escapes = [
    item('dotdot', { output: '../outside/secret.png' }),
    item('absolute', { source: '/etc/hosts' }),
    item('linked', { output: 'images/link.png' }),
    item('piped', { source: '../src/pipe.png' }),
    ...Array.from({ length: MAX_REPORTED_REFUSALS }, (_, i) =>
      item(`more${i}`, { output: '../outside/secret.png' }),
    ),
  ];
  const { ws, manifest } = await workspace(escapes);
  symlinkSync(path.join(ws, 'outside', 'secret.png'), path.join(ws, 'out', 'images', 'link.png'));
  makeFifo(path.join(ws, 'src', 'pipe.png'));
  const warnings: string[] = [];
  const { outcome, released } = await withPipeGuard([path.join(ws, 'src', 'pipe.png')], () =>
    loadManifestItems(
      { fsPath: manifest } as Parameters<typeof loadManifestItems>[0],
      (p) => `uri:${p}`,
      (m) => warnings.push(m),
    ),
  );
  assert.equal(released, false, 'blocked on the pipe');
  assert.equal(outcome.status, 'fulfilled');
  const views = outcome.value;
  const byId = new Map(views.map((view) => [view.id, view]));
  // The output's URI carries the item's hash (a re-run's new image is fetched anew).
  assert.equal(
    byId.get('a')?.outputUri,
    `uri:${path.join(ws, 'out', 'images', 'a.png')}?v=${'ab'.repeat(8)}`,
  );
  assert.equal(byId.get('dotdot')?.outputUri, null);
  assert.equal(byId.get('absolute')?.sourceUri, '');
  assert.equal(byId.get('linked')?.outputUri, null);
  assert.equal(byId.get('piped')?.sourceUri, '');
  assert.ok(views.every((view) => !`${view.sourceUri}${view.outputUri}`.includes('outside')));
  assert.equal(warnings.length, MAX_REPORTED_REFUSALS + 1);
  assert.match(warnings[0], /^gallery: refused item "dotdot", field "output"/);
  assert.match(warnings.at(-1)!, /refused 4 more manifest path/);
});

test('notebook renderer: escaping manifest paths get no thumbnail; an inline pipe gives none and returns', async () => {
  const { ws } = await workspace([item('dotdot', { source: '../outside/secret.png' })]);
  makeFifo(path.join(ws, 'pipe.png'));
  const warnings: string[] = [];
  const ctx = {
    baseDir: ws,
    trusted: true,
    isAllowed: (p: string) =>
      isInsideRoots({ scheme: 'file', fsPath: p }, [{ scheme: 'file', fsPath: ws }]),
    thumbnail: (p: string) => thumbnailDataUrl(p, 8),
    warn: (m: string) => warnings.push(m),
  };
  const fromManifest = await resolvePayload({ manifest: 'out/maskmedpaint.json' }, ctx);
  const dotdot = fromManifest.items.find((i) => i.id === 'dotdot')!;
  assert.equal(dotdot.sourceThumb, null, 'outside/ lies in the workspace but not in inputs.source');
  assert.ok(dotdot.outputThumb, 'the item is still drawn where it may be');
  assert.match(warnings.join('\n'), /item "dotdot", field "source": .*, outside the source folder/);
  const { outcome, released } = await withPipeGuard([path.join(ws, 'pipe.png')], () =>
    resolvePayload({ items: [{ source: 'pipe.png' }, { source: 'src/a.png' }] }, ctx),
  );
  assert.equal(released, false, 'the thumbnail blocked on the pipe');
  assert.equal(outcome.status, 'fulfilled');
  const inline = outcome.value;
  assert.equal(inline.items[0].sourceThumb, null);
  assert.match(inline.items[1].sourceThumb ?? '', /^data:image\/png/);
});

test('predictions: a row leading out of the roots through a link, or naming a pipe, gets no image', async () => {
  const { ws } = await workspace();
  symlinkSync(path.join(ws, 'outside', 'secret.png'), path.join(ws, 'src', 'linked.png'));
  makeFifo(path.join(ws, 'src', 'pipe.png'));
  const csv = path.join(ws, 'src', 'predictions.csv');
  writeFileSync(
    csv,
    'path,label,prediction\na.png,benign,benign\nlinked.png,benign,benign\npipe.png,benign,benign\n',
  );
  const { outcome, released } = await withPipeGuard([path.join(ws, 'src', 'pipe.png')], () =>
    loadPredictionRows(
      { fsPath: csv } as Parameters<typeof loadPredictionRows>[0],
      (p) => `uri:${p}`,
      [path.join(ws, 'src')],
    ),
  );
  assert.equal(released, false, 'blocked on the pipe');
  assert.equal(outcome.status, 'fulfilled');
  const rows = outcome.value;
  assert.deepEqual(
    rows.map((row) => row.imageUri),
    [`uri:${path.join(ws, 'src', 'a.png')}`, null, null],
  );
});

test('path guard: a path below a dangling link is judged where the link leads', async () => {
  const ws = tempDir();
  mkdirSync(path.join(ws, 'root'));
  symlinkSync(path.join(ws, 'outside', 'later'), path.join(ws, 'root', 'dangling'));
  const root = [{ scheme: 'file', fsPath: path.join(ws, 'root') }];
  const below = { scheme: 'file', fsPath: path.join(ws, 'root', 'dangling', 'x.png') };
  assert.equal(await isInsideRoots(below, root), false);
});

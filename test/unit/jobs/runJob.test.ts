import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { readImage } from '../../../src/core/image/io';
import { readManifest, writeManifest } from '../../../src/core/jobs/manifestStore';
import { decideItem } from '../../../src/core/jobs/reviewDecisions';
import { JOURNAL_FILE_NAME } from '../../../src/core/jobs/journal';
import { hashTree, makeDataset, rgbImage, writeMaskPng } from './helpers/makeDataset';
import { planFor, runPlan, testRecipe, withoutRunTimes } from './helpers/runHelpers';
import { freshTempDirs } from '../helpers/tempDir';

const fresh = freshTempDirs('run');

const withoutTimestamps = withoutRunTimes;

test('two runs give byte-identical outputs and manifests (apart from the timestamp)', async () => {
  const root = fresh();
  const dataset = await makeDataset(root);
  const a = await runPlan(await planFor(dataset, path.join(root, 'out-a')));
  const b = await runPlan(await planFor(dataset, path.join(root, 'out-b')));
  assert.equal(a.summary.done, 8);
  assert.equal(a.summary.failed, 0);
  assert.equal(b.summary.done, 8);
  const treeA = hashTree(path.join(root, 'out-a'));
  const treeB = hashTree(path.join(root, 'out-b'));
  treeA.delete('maskmedpaint.json');
  treeB.delete('maskmedpaint.json');
  assert.deepEqual(treeA, treeB);
  assert.equal(
    treeA.size,
    8 + 8 + 2,
    'eight images, their eight region overlays, augmented.csv and augmented-for-training.csv',
  );
  const manifestA = await readManifest(path.join(root, 'out-a', 'maskmedpaint.json'));
  const manifestB = await readManifest(path.join(root, 'out-b', 'maskmedpaint.json'));
  assert.deepEqual(withoutTimestamps(manifestA), withoutTimestamps(manifestB));
  // The recorded hashes are those of the files on disk.
  for (const item of manifestA.items) assert.equal(treeA.get(item.output ?? ''), item.sha256);
  // One disc per mask: one component, about pi/16 of the image (the gallery's quality flags).
  assert.ok(manifestA.items.every((item) => item.maskComponents === 1));
  assert.ok(
    manifestA.items.every((item) => Math.abs((item.maskCoverage ?? 0) - Math.PI / 16) < 0.02),
  );
  // k = 0 and k = 1 of a source use different targets, so they differ.
  assert.notEqual(
    treeA.get('images/benign/img_0__k0.png'),
    treeA.get('images/benign/img_0__k1.png'),
  );
});

test('source, mask and target files are never modified', async () => {
  const root = fresh();
  const dataset = await makeDataset(root);
  const before = hashTree(root);
  await runPlan(await planFor(dataset, path.join(root, 'out')));
  const after = hashTree(root);
  for (const [rel, hash] of before) assert.equal(after.get(rel), hash, rel);
  for (const rel of after.keys())
    assert.ok(before.has(rel) || rel.startsWith('out/'), `unexpected new file ${rel}`);
});

test('corrupt inputs become failed items with specific errors; the rest complete', async () => {
  const root = fresh();
  const dataset = await makeDataset(root);
  const benign = path.join(dataset.source, 'benign');
  const jpeg = await sharp(rgbImage(32, 5), { raw: { width: 32, height: 32, channels: 3 } })
    .jpeg()
    .toBuffer();
  writeFileSync(path.join(benign, 'cut.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  writeFileSync(path.join(benign, 'zero.png'), Buffer.alloc(0));
  writeFileSync(path.join(benign, 'text.png'), 'this is not a PNG\n');
  for (const stem of ['cut', 'zero', 'text'])
    await writeMaskPng(path.join(dataset.masks, 'benign', `${stem}.png`), 32);
  const { summary, events } = await runPlan(await planFor(dataset, path.join(root, 'out')));
  assert.equal(summary.done, 8);
  assert.equal(summary.failed, 6);
  const manifest = await readManifest(path.join(root, 'out', 'maskmedpaint.json'));
  const errorOf = (id: string): string =>
    manifest.items.find((item) => item.id === id)?.error ?? '';
  assert.match(errorOf('cut__0'), /^source \[truncated\]: .*cut\.jpg/);
  assert.match(errorOf('zero__0'), /^source \[empty\]: .*zero\.png/);
  assert.match(errorOf('text__1'), /^source \[notAnImage\]: .*text\.png/);
  assert.equal(events.filter((e) => e.type === 'itemFailed').length, 6);
  const failed = manifest.items.filter((item) => item.status === 'failed');
  assert.ok(failed.every((item) => item.output === null && item.sha256 === null));
});

test('16-bit and grey sources keep their bit depth and channels', async () => {
  const root = fresh();
  const dataset = await makeDataset(root, { perClass: 1 });
  const size = 32;
  const grey16 = new Uint16Array(size * size).map((_, i) => (i * 997) % 65536);
  await sharp(Buffer.from(grey16.buffer), {
    raw: { width: size, height: size, channels: 1, premultiplied: false },
  })
    .toColourspace('grey16')
    .png()
    .toFile(path.join(dataset.source, 'benign', 'deep16.png'));
  const grey8 = Buffer.from(new Uint8Array(size * size).map((_, i) => i % 251));
  await sharp(grey8, { raw: { width: size, height: size, channels: 1 } })
    .toColourspace('b-w')
    .png()
    .toFile(path.join(dataset.source, 'benign', 'grey8.png'));
  await writeMaskPng(path.join(dataset.masks, 'benign', 'deep16.png'), size);
  await writeMaskPng(path.join(dataset.masks, 'benign', 'grey8.png'), size);
  assert.equal(
    (await readImage(path.join(dataset.source, 'benign', 'deep16.png'))).bitDepth,
    16,
    'fixture is 16-bit',
  );
  const { summary } = await runPlan(await planFor(dataset, path.join(root, 'out')));
  assert.equal(summary.failed, 0);
  const deep = await readImage(path.join(root, 'out', 'images', 'benign', 'deep16__k0.png'));
  assert.deepEqual([deep.bitDepth, deep.channels], [16, 1]);
  const grey = await readImage(path.join(root, 'out', 'images', 'benign', 'grey8__k1.png'));
  assert.deepEqual([grey.bitDepth, grey.channels], [8, 1]);
  const rgb = await readImage(path.join(root, 'out', 'images', 'benign', 'img_0__k0.png'));
  assert.deepEqual([rgb.bitDepth, rgb.channels], [8, 3]);
});

test('resume skips verified outputs, regenerates missing or altered ones, keeps reviews, removes temp files', async () => {
  const root = fresh();
  const dataset = await makeDataset(root);
  const out = path.join(root, 'out');
  await runPlan(await planFor(dataset, out));
  const first = hashTree(out);
  const manifestPath = path.join(out, 'maskmedpaint.json');
  await decideItem(manifestPath, 'benign/img_1__0', 'approved', { note: 'looks right' });
  rmSync(path.join(out, 'images', 'benign', 'img_0__k0.png'));
  writeFileSync(path.join(out, 'images', 'malignant', 'img_1__k1.png'), 'tampered');
  const stray = path.join(out, 'images', 'benign', '.img_0__k1.png.0123456789ab.mmp-tmp');
  writeFileSync(stray, 'half written');
  const { summary, events } = await runPlan(await planFor(dataset, out));
  assert.deepEqual([summary.done, summary.skipped, summary.failed], [2, 6, 0]);
  assert.deepEqual(events[0], { type: 'planned', total: 8, alreadyDone: 6 });
  assert.equal(existsSync(stray), false);
  const second = hashTree(out);
  for (const [rel, hash] of first)
    if (rel.startsWith('images/')) assert.equal(second.get(rel), hash, rel);
  const manifest = await readManifest(manifestPath);
  const reviewed = manifest.items.find((item) => item.id === 'benign/img_1__0');
  assert.equal(reviewed?.status, 'approved');
  assert.equal(reviewed?.review?.note, 'looks right');
});

test('outputs recorded only in the journal (after the last manifest flush) are recognised', async () => {
  const root = fresh();
  const dataset = await makeDataset(root);
  const out = path.join(root, 'out');
  await runPlan(await planFor(dataset, out));
  const manifestPath = path.join(out, 'maskmedpaint.json');
  const complete = await readManifest(manifestPath);
  // As if the process died after three items: manifest flushed empty, journal holds the items.
  const journalLines = complete.items.slice(0, 3).map((item) => JSON.stringify(item));
  writeFileSync(path.join(out, JOURNAL_FILE_NAME), journalLines.join('\n') + '\n{"id": "torn');
  await writeManifest(manifestPath, { ...complete, items: [] });
  const { summary } = await runPlan(await planFor(dataset, out));
  assert.deepEqual([summary.skipped, summary.done], [3, 5]);
  assert.equal(
    existsSync(path.join(out, JOURNAL_FILE_NAME)),
    false,
    'journal folded into the manifest',
  );
  const after = await readManifest(manifestPath);
  assert.deepEqual(withoutTimestamps(after), withoutTimestamps(complete));
});

test('cancelling stops after the item in flight and the next run completes the job', async () => {
  const root = fresh();
  const dataset = await makeDataset(root);
  const out = path.join(root, 'out');
  const controller = new AbortController();
  const first = await runPlan(await planFor(dataset, out), {
    signal: controller.signal,
    onEvent: (event) => {
      if (event.type === 'itemDone') controller.abort();
    },
  });
  assert.equal(first.summary.cancelled, true);
  assert.equal(first.summary.done, 1);
  assert.equal((await readManifest(path.join(out, 'maskmedpaint.json'))).items.length, 1);
  const second = await runPlan(await planFor(dataset, out));
  assert.deepEqual(
    [second.summary.skipped, second.summary.done, second.summary.cancelled],
    [1, 7, false],
  );
});

test('an output folder holding a run with another recipe is refused', async () => {
  const root = fresh();
  const dataset = await makeDataset(root, { perClass: 1 });
  const out = path.join(root, 'out');
  await runPlan(await planFor(dataset, out));
  await assert.rejects(
    runPlan(await planFor(dataset, out, testRecipe({ seed: 5 }))),
    /different recipe/,
  );
  assert.ok(
    readFileSync(path.join(out, 'maskmedpaint.json'), 'utf8').includes('"seed": 0'),
    'earlier manifest kept',
  );
});

test('items without a mask or with an empty mask fail with a specific error', async () => {
  const root = fresh();
  const dataset = await makeDataset(root, { perClass: 1 });
  rmSync(path.join(dataset.masks, 'benign', 'img_0.png'));
  await sharp(Buffer.alloc(32 * 32), { raw: { width: 32, height: 32, channels: 1 } })
    .png()
    .toFile(path.join(dataset.masks, 'malignant', 'img_0.png')); // all black: no key region
  const { summary } = await runPlan(await planFor(dataset, path.join(root, 'out')));
  assert.equal(summary.failed, 4);
  const errors = summary.failures.map((f) => f.error);
  assert.ok(
    errors.some((e) => /^mask: no key-region mask found for benign\/img_0\.png/.test(e)),
    errors.join('\n'),
  );
  assert.ok(
    errors.some((e) => /^mask: .*img_0\.png is empty/.test(e)),
    errors.join('\n'),
  );
});

test('a per-class "empty" policy regenerates images of that class without a mask', async () => {
  const root = fresh();
  const dataset = await makeDataset(root, { perClass: 1 });
  rmSync(path.join(dataset.masks, 'benign', 'img_0.png'));
  const recipe = testRecipe({ mask: { perClass: { benign: 'empty' } } });
  const { summary } = await runPlan(await planFor(dataset, path.join(root, 'out'), recipe));
  assert.deepEqual([summary.done, summary.failed], [4, 0]);
  const manifest = await readManifest(path.join(root, 'out', 'maskmedpaint.json'));
  assert.equal(manifest.items.find((item) => item.label === 'benign')?.mask, null);
});

test('outputs made from other inputs (another source folder into the same --out) are regenerated', async () => {
  const root = fresh();
  const first = await makeDataset(path.join(root, 'a'));
  const second = await makeDataset(path.join(root, 'b'), { targets: 4 });
  const out = path.join(root, 'out');
  await runPlan(await planFor(first, out));
  const { summary } = await runPlan(await planFor(second, out));
  assert.deepEqual([summary.skipped, summary.done], [0, 8]);
  const manifest = await readManifest(path.join(out, 'maskmedpaint.json'));
  assert.ok(manifest.items.every((item) => item.source.startsWith('../b/source/')));
});

test('a key region erased by the mask settings fails the item instead of regenerating everything', async () => {
  const root = fresh();
  const dataset = await makeDataset(root);
  // Shrinking by more than the discs' radius leaves no key region to keep.
  const recipe = testRecipe({ mask: { marginPx: -20 } });
  const { summary } = await runPlan(await planFor(dataset, path.join(root, 'out'), recipe));
  assert.equal(summary.done, 0);
  assert.equal(summary.failed, 8);
  const manifest = await readManifest(path.join(root, 'out', 'maskmedpaint.json'));
  for (const item of manifest.items) {
    assert.equal(item.status, 'failed');
    assert.match(item.error ?? '', /empty after the recipe's mask settings \(marginPx -20/);
  }
});

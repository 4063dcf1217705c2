import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import sharp from 'sharp';
import { generateShortcutDataset, readGroundTruth } from '../../../src/core/demo/shortcutDataset';
import { hashTree, writeText } from '../jobs/helpers/makeDataset';
import { freshTempDirs } from '../helpers/tempDir';

const fresh = freshTempDirs('demo');
const small = { width: 64, height: 64, sourcePerClass: 3, targetCount: 4 };

async function pixels(file: string): Promise<{ data: Buffer; channels: number }> {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  return { data, channels: info.channels };
}

/** Ruler-like pixels: very dark, neutral grey (vignetted skin stays reddish), outside the lesion mask. */
async function rulerPixels(image: string, mask: string): Promise<number> {
  const rgb = await pixels(image);
  const m = await pixels(mask);
  let count = 0;
  for (let i = 0; i < rgb.data.length / rgb.channels; i++) {
    const [r, g, b] = [
      rgb.data[i * rgb.channels],
      rgb.data[i * rgb.channels + 1],
      rgb.data[i * rgb.channels + 2],
    ];
    if (m.data[i * m.channels] === 0 && r < 50 && g < 50 && b < 50 && Math.abs(r - b) <= 10)
      count++;
  }
  return count;
}

test('the same options give byte-identical files; another seed gives other images', async () => {
  const a = fresh();
  const b = fresh();
  const c = fresh();
  await generateShortcutDataset({ ...small, outDir: a });
  await generateShortcutDataset({ ...small, outDir: b });
  await generateShortcutDataset({ ...small, outDir: c, seed: 1 });
  const treeA = hashTree(a);
  assert.deepEqual(hashTree(b), treeA);
  assert.equal(
    treeA.size,
    3 * 2 * 2 + 4 * 2 + 2,
    'sources + masks, targets + masks, dataset.json, ground-truth.csv',
  );
  assert.notEqual(
    hashTree(c).get('source/benign/lesion_0000.png'),
    treeA.get('source/benign/lesion_0000.png'),
  );
});

test('the shortcut: rulers beside malignant lesions in the source, beside benign ones in the target', async () => {
  const dir = fresh();
  const data = await generateShortcutDataset({ ...small, outDir: dir, targetTestPerClass: 3 });
  assert.ok(data.targetTestDir && data.targetTestMasksDir);
  for (let i = 0; i < 3; i++) {
    const name = `lesion_000${i}`;
    const sourceMalignant = await rulerPixels(
      path.join(data.sourceDir, 'malignant', `${name}.png`),
      path.join(data.masksDir, 'malignant', `${name}_segmentation.png`),
    );
    const sourceBenign = await rulerPixels(
      path.join(data.sourceDir, 'benign', `${name}.png`),
      path.join(data.masksDir, 'benign', `${name}_segmentation.png`),
    );
    const targetBenign = await rulerPixels(
      path.join(data.targetTestDir, 'benign', `${name}.png`),
      path.join(data.targetTestMasksDir, 'benign', `${name}_segmentation.png`),
    );
    const targetMalignant = await rulerPixels(
      path.join(data.targetTestDir, 'malignant', `${name}.png`),
      path.join(data.targetTestMasksDir, 'malignant', `${name}_segmentation.png`),
    );
    assert.ok(
      sourceMalignant > 40 && sourceBenign === 0,
      `source ${i}: ${sourceMalignant} / ${sourceBenign}`,
    );
    assert.ok(
      targetBenign > 40 && targetMalignant === 0,
      `target ${i}: ${targetBenign} / ${targetMalignant}`,
    );
  }
});

test('masks cover the lesion: darker inside than outside, a plausible area', async () => {
  const data = await generateShortcutDataset({ ...small, outDir: fresh() });
  const rgb = await pixels(path.join(data.sourceDir, 'benign', 'lesion_0001.png'));
  const mask = await pixels(path.join(data.masksDir, 'benign', 'lesion_0001_segmentation.png'));
  let inside = 0;
  let insideSum = 0;
  let outsideSum = 0;
  for (let i = 0; i < 64 * 64; i++) {
    const brightness =
      rgb.data[i * rgb.channels] + rgb.data[i * rgb.channels + 1] + rgb.data[i * rgb.channels + 2];
    if (mask.data[i * mask.channels] === 255) {
      inside++;
      insideSum += brightness;
    } else outsideSum += brightness;
  }
  const coverage = inside / (64 * 64);
  assert.ok(coverage > 0.05 && coverage < 0.3, `coverage ${coverage}`);
  assert.ok(insideSum / inside < (outsideSum / (64 * 64 - inside)) * 0.8);
});

test('a folder that is not empty is refused (nothing is overwritten)', async () => {
  const dir = fresh();
  writeText(path.join(dir, 'keep.txt'), 'mine');
  await assert.rejects(generateShortcutDataset({ ...small, outDir: dir }), /is not empty/);
});

test('the ground truth names every image, its true class and whether it shows a ruler', async () => {
  const dir = fresh();
  await generateShortcutDataset({
    ...small,
    outDir: dir,
    targetTestPerClass: 2,
    shortcutFraction: 0.5,
    seed: 3,
  });
  const truth = await readGroundTruth(dir);
  assert.equal(truth.length, 6 + 4 + 4);
  for (const row of truth) {
    const folderLabel = /^(source|target-test)\/(benign|malignant)\//.exec(row.path)?.[2];
    if (folderLabel) assert.equal(row.label, folderLabel, row.path);
    const maskPath = path
      .join(
        dir,
        row.path
          .replace(/^source\//, 'masks/')
          .replace(/^target-test\//, 'target-test-masks/')
          .replace(/^target\//, 'target-masks/'),
      )
      .replace(/\.png$/, '_segmentation.png');
    const rulers = await rulerPixels(path.join(dir, row.path), maskPath);
    assert.equal(rulers > 40, row.ruler, `${row.path}: ${rulers} ruler pixels`);
  }
  // With a fraction of 0.5 both kinds of image occur in the source.
  const sourceRows = truth.filter((row) => row.path.startsWith('source/'));
  assert.ok(sourceRows.some((row) => row.ruler) && sourceRows.some((row) => !row.ruler));
});

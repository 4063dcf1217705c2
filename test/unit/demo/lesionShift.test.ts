import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import sharp from 'sharp';
import { generateShortcutDataset } from '../../../src/core/demo/shortcutDataset';
import { hashTree } from '../jobs/helpers/makeDataset';
import { freshTempDirs } from '../helpers/tempDir';

const fresh = freshTempDirs('lesion-shift');
const options = { width: 64, height: 64, sourcePerClass: 2, targetCount: 3, targetTestPerClass: 2 };

/** Mean RGB over the lesion mask's pixels. */
async function lesionMean(image: string, mask: string): Promise<number[]> {
  const rgb = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const m = await sharp(mask).raw().toBuffer({ resolveWithObject: true });
  const sum = [0, 0, 0];
  let n = 0;
  for (let p = 0; p < m.info.width * m.info.height; p++) {
    if (m.data[p * m.info.channels] === 0) continue;
    for (let c = 0; c < 3; c++) sum[c] = (sum[c] ?? 0) + (rgb.data[p * rgb.info.channels + c] ?? 0);
    n++;
  }
  return sum.map((s) => s / n);
}

test('lesionShift changes how the target hospital renders lesions, and nothing else', async () => {
  const plain = fresh();
  const shifted = fresh();
  await generateShortcutDataset({ ...options, outDir: plain });
  await generateShortcutDataset({ ...options, outDir: shifted, lesionShift: true });
  const a = hashTree(plain);
  const b = hashTree(shifted);
  for (const [file, hash] of a) {
    const sameExpected =
      file.startsWith('source/') || file.includes('masks/') || file === 'ground-truth.csv';
    if (sameExpected) assert.equal(b.get(file), hash, `${file} changed`);
    else if (file.endsWith('.png')) assert.notEqual(b.get(file), hash, `${file} did not change`);
  }
  const image = path.join('target-test', 'benign', 'lesion_0000.png');
  const mask = path.join('target-test-masks', 'benign', 'lesion_0000_segmentation.png');
  const before = await lesionMean(path.join(plain, image), path.join(plain, mask));
  const after = await lesionMean(path.join(shifted, image), path.join(shifted, mask));
  // Lighter and redder: the red channel gains most.
  assert.ok((after[0] ?? 0) - (before[0] ?? 0) > 15, `${before.join()} -> ${after.join()}`);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { JobConfigError } from '../../../src/core/jobs/types';
import type { BackgroundRemover } from '../../../src/core/masks/backgroundRemoval';
import { exportChexmask } from '../../../src/core/masks/exportChexmask';
import { proposeMasksForFolder } from '../../../src/core/masks/proposeMasks';
import { freshTempDirs } from '../helpers/tempDir';
import { hashTree } from '../jobs/helpers/makeDataset';

const tmp = freshTempDirs('masks-out');

/** src/xray/img-a.png and a masks folder given as a link into src/. */
async function layout(): Promise<{ source: string; linkedOut: string; root: string }> {
  const root = tmp();
  const source = join(root, 'src');
  mkdirSync(join(source, 'xray'), { recursive: true });
  await sharp({ create: { width: 4, height: 3, channels: 3, background: '#808080' } })
    .png()
    .toFile(join(source, 'xray', 'img-a.png'));
  const linkedOut = join(root, 'masks');
  symlinkSync(source, linkedOut);
  return { source, linkedOut, root };
}

const refusal = (error: unknown): boolean =>
  error instanceof JobConfigError &&
  /--out .*masks \(really .*src\) lies inside the source folder/.test(error.message);

test('masks remove-background: a masks folder linked to the source folder is refused; no source image is overwritten', async () => {
  const { source, linkedOut } = await layout();
  const before = hashTree(source);
  // The remover is never reached: the folders are compared first.
  const remover = {
    propose: () => Promise.reject(new Error('proposed a mask')),
  } as unknown as BackgroundRemover;
  await assert.rejects(
    proposeMasksForFolder(remover, { sourceDir: source, outDir: linkedOut }),
    refusal,
  );
  assert.deepEqual(hashTree(source), before);
});

test('masks chexmask: a masks folder linked to the source folder is refused; no source image is overwritten', async () => {
  const { source, linkedOut, root } = await layout();
  const before = hashTree(source);
  const csv = join(root, 'chexmask.csv');
  writeFileSync(csv, 'dicom_id,Left Lung,Right Lung,Heart,Height,Width\nimg-a,1 2,,,3,4\n');
  await assert.rejects(
    exportChexmask({ csvPath: csv, outDir: linkedOut, sourceDir: source }),
    refusal,
  );
  assert.deepEqual(hashTree(source), before);
});

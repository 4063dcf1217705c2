/** A small DICOM dataset from pydicom's real files, for job and view tests. */
import { copyFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { pydicomFile } from '../../image/dicom/fixtures';
import type { TestDataset } from './makeDataset';

/** MR (signed 16-bit, window) and CT (rescaled) sources, PNG masks, DICOM targets. */
export async function dicomDataset(root: string): Promise<TestDataset> {
  const dirs = ['source/a', 'source/b', 'masks/a', 'masks/b', 'target'].map((d) =>
    path.join(root, d),
  );
  for (const dir of dirs) mkdirSync(dir, { recursive: true });
  copyFileSync(pydicomFile('MR_small_RLE.dcm'), path.join(root, 'source/a/mr.dcm'));
  copyFileSync(pydicomFile('CT_small.dcm'), path.join(root, 'source/b/ct.dcm'));
  copyFileSync(pydicomFile('MR_small_implicit.dcm'), path.join(root, 'target/t1.dcm'));
  const disk = async (size: number, file: string): Promise<void> => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="100%" height="100%" fill="black"/><circle cx="${size / 2}" cy="${size / 2}" r="${size / 4}" fill="white"/></svg>`;
    await sharp(Buffer.from(svg)).greyscale().png().toFile(file);
  };
  await disk(64, path.join(root, 'masks/a/mr.png'));
  await disk(128, path.join(root, 'masks/b/ct.png'));
  return {
    source: path.join(root, 'source'),
    masks: path.join(root, 'masks'),
    target: path.join(root, 'target'),
  } as TestDataset;
}

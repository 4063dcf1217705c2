// The DICOM part of the integration workspace: real files from pydicom's test data (kept in
// test/fixtures/dicom/pydicom) as a two-class source folder with PNG key-region masks and a DICOM
// target image, under dicom/ so the dermoscopy-like fixture in data/ stays as it is.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const PYDICOM = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/dicom/pydicom',
);

/** A white disc of a quarter of the size on black: the key region. */
function disc(size) {
  const data = Buffer.alloc(size * size);
  for (let y = 0; y < size; y += 1)
    for (let x = 0; x < size; x += 1)
      if ((x - size / 2) ** 2 + (y - size / 2) ** 2 <= (size / 4) ** 2) data[y * size + x] = 255;
  return sharp(data, { raw: { width: size, height: size, channels: 1 } })
    .png()
    .toBuffer();
}

/** Writes dicom/{source,masks,target} into the workspace. */
export async function writeDicomFixtures(workspace) {
  const root = path.join(workspace, 'dicom');
  const files = [
    ['CT_small.dcm', 'source/normal/ct.dcm', 128],
    ['MR_small_RLE.dcm', 'source/abnormal/mr.dcm', 64],
  ];
  for (const [name, rel, size] of files) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    copyFileSync(path.join(PYDICOM, name), path.join(root, rel));
    const mask = path.join(root, rel.replace(/^source/, 'masks').replace(/\.dcm$/, '.png'));
    mkdirSync(path.dirname(mask), { recursive: true });
    writeFileSync(mask, await disc(size));
  }
  mkdirSync(path.join(root, 'target'), { recursive: true });
  copyFileSync(path.join(PYDICOM, 'MR_small_implicit.dcm'), path.join(root, 'target', 't1.dcm'));
}

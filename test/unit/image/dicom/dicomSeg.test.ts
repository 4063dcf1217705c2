import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { readMask } from '../../../../src/core/image/maskIo';
import { listFolder } from '../../../../src/core/dataset/walk';
import { useTempDir } from '../../helpers/tempDir';
import { pydicomFile } from './fixtures';

const LIVER = pydicomFile('liver_1frame.dcm');
const LIVER_SOURCE = '1.2.392.200103.20080913.113635.2.2009.6.22.21.43.10.23433.1';
const full = { threshold: 128 as const, width: 512, height: 512 };

function count(data: Uint8Array): number {
  return data.reduce((sum, v) => sum + v, 0);
}

describe('DICOM SEG as key-region mask (pydicom liver_1frame.dcm)', () => {
  it('reads the BINARY frame: as many key-region pixels and the same bounds as pydicom', async () => {
    const mask = await readMask(LIVER, full);
    // pydicom: 36233 pixels set, rows 145..366, columns 79..350.
    assert.equal(count(mask.data), 36233);
    let [top, bottom, left, right] = [512, -1, 512, -1];
    for (let y = 0; y < 512; y++)
      for (let x = 0; x < 512; x++)
        if (mask.data[y * 512 + x]) {
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
          left = Math.min(left, x);
          right = Math.max(right, x);
        }
    assert.deepEqual([top, bottom, left, right], [145, 366, 79, 350]);
  });

  it('chooses a segment by number or label (case-insensitive)', async () => {
    const byNumber = await readMask(LIVER, { ...full, segments: [1] });
    const byLabel = await readMask(LIVER, { ...full, segments: ['liver'] });
    assert.deepEqual(byLabel.data, byNumber.data);
  });

  it('names the segments it has when the chosen one is missing', async () => {
    await assert.rejects(
      readMask(LIVER, { ...full, segments: ['Lung'] }),
      /segment "Lung" is not in the segmentation \(it has: 1 "Liver"\)/,
    );
  });

  it('uses only frames derived from the source image', async () => {
    const mask = await readMask(LIVER, { ...full, sourceSopInstanceUid: LIVER_SOURCE });
    assert.equal(count(mask.data), 36233);
    await assert.rejects(
      readMask(LIVER, { ...full, sourceSopInstanceUid: '1.2.3.4' }),
      /no frame of the chosen segment\(s\) is derived from this source image/,
    );
  });

  it('resizes to the source image with nearest neighbour', async () => {
    const mask = await readMask(LIVER, { threshold: 128, width: 256, height: 256 });
    assert.equal(mask.width, 256);
    assert.ok(Math.abs(count(mask.data) - 36233 / 4) < 400);
  });
});

describe('dataset scan recognises DICOM', () => {
  const temp = useTempDir('dicom-walk');
  it('lists .dcm files and extension-less or UID-named DICOM files as images, other files not', async () => {
    const root = temp('scan');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(root);
    copyFileSync(pydicomFile('MR_small.dcm'), `${root}/a.dcm`);
    copyFileSync(pydicomFile('MR_small.dcm'), `${root}/IM0001`);
    copyFileSync(pydicomFile('CT_small.dcm'), `${root}/1.2.840.10008.99`);
    writeFileSync(`${root}/notes`, 'not an image');
    writeFileSync(`${root}/1.5`, 'not an image either');
    const listing = await listFolder(root);
    assert.deepEqual(listing.images, ['1.2.840.10008.99', 'IM0001', 'a.dcm']);
    assert.deepEqual(listing.nonImages, ['1.5', 'notes']);
  });
});

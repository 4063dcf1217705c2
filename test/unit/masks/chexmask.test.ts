import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { readImage } from '../../../src/core/image/io';
import { readChexmaskCsv, resolveOrgans } from '../../../src/core/masks/chexmask';
import { exportChexmask, idStem } from '../../../src/core/masks/exportChexmask';
import { freshTempDirs } from '../helpers/tempDir';

const tmp = freshTempDirs('chex');

// 4x3 masks (width 4, height 3), row-major, 1-based starts.
// Left lung: pixels 0,1 of row 0 -> "1 2"; right lung: row 1 pixels 2,3 -> "7 2"; heart: last pixel -> "12 1".
const header = 'dicom_id,Dice RCA (Mean),Landmarks,Left Lung,Right Lung,Heart,Height,Width';
const csv = [
  header,
  'img-a,0.9,"[[1, 2], [3, 4]]",1 2,7 2,12 1,3,4',
  'img-b,0.8,"[]",,nan,1 1,3,4',
  '',
].join('\n');

async function rows(
  file: string,
  organs?: string[],
): Promise<Array<{ id: string; data: number[] }>> {
  const out: Array<{ id: string; data: number[] }> = [];
  for await (const row of readChexmaskCsv(file, organs ? { organs } : {}))
    out.push({ id: row.id, data: Array.from(row.mask.data) });
  return out;
}

test('lungs + heart are OR-ed by default; quoted landmark fields with commas do not shift columns', async () => {
  const file = join(tmp(), 'MIMIC.csv');
  fs.writeFileSync(file, csv);
  const [a, b] = await rows(file);
  assert.equal(a.id, 'img-a');
  assert.deepEqual(a.data, [1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1]);
  assert.deepEqual(
    b.data,
    [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    'missing organs (empty, nan) are empty',
  );
});

test('organ selection by alias', async () => {
  const file = join(tmp(), 'MIMIC.csv');
  fs.writeFileSync(file, csv);
  assert.deepEqual(resolveOrgans(['lungs']), ['Left Lung', 'Right Lung']);
  const [a] = await rows(file, ['heart']);
  assert.deepEqual(a.data, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  await assert.rejects(rows(file, ['Spleen']), /no organ column "Spleen"; columns: dicom_id/);
});

test('bad rows name the line and image', async () => {
  const file = join(tmp(), 'bad.csv');
  fs.writeFileSync(file, `${header}\nimg-c,1,"",1 99,,,3,4\n`);
  await assert.rejects(rows(file), /line 2 \(img-c\): RLE run 1 ends at pixel 99/);
  const noSize = join(tmp(), 'nosize.csv');
  fs.writeFileSync(noSize, 'Image Index,Left Lung,Right Lung,Heart\nx.png,1 1,,\n');
  await assert.rejects(rows(noSize), /no Height\/Width/);
});

test('export writes masks beside matching images, resized with nearest neighbour', async () => {
  const root = tmp();
  const source = join(root, 'src');
  fs.mkdirSync(join(source, 'pneumonia'), { recursive: true });
  await sharp({ create: { width: 8, height: 6, channels: 3, background: '#808080' } })
    .png()
    .toFile(join(source, 'pneumonia', 'img-a.png'));
  const file = join(root, 'MIMIC.csv');
  fs.writeFileSync(file, csv);
  const out = join(root, 'masks');
  const result = await exportChexmask({ csvPath: file, outDir: out, sourceDir: source });
  assert.equal(result.written, 1);
  assert.deepEqual(result.unmatched, ['img-b']);
  const written = await readImage(join(out, 'pneumonia', 'img-a.png'));
  const { data } = written;
  assert.equal(written.width, 8);
  assert.equal(written.height, 6);
  assert.equal(written.channels, 1);
  // Each source pixel became a 2x2 block: row 0 of the 4x3 mask covers rows 0-1, x 0-3 are key region.
  const at = (x: number, y: number): number => data[y * 8 + x];
  assert.equal(at(0, 0), 255);
  assert.equal(at(3, 1), 255);
  assert.equal(at(4, 0), 0);
  assert.equal(at(7, 5), 255, 'heart pixel (3,2) -> (6..7, 4..5)');
  assert.equal(at(5, 5), 0);
});

test('ids that are paths or file names map to the image stem', () => {
  assert.equal(idStem('files/p10/p10000032/s5041/abc.jpg'), 'abc');
  assert.equal(idStem('00000001_000.png'), '00000001_000');
  assert.equal(idStem('02aa804e-bde0afdd'), '02aa804e-bde0afdd');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { scanSource } from '../../../src/core/dataset/scanSource';
import { scanTargets } from '../../../src/core/dataset/scanTargets';
import { FolderError } from '../../../src/core/dataset/walk';
import { CsvParseError } from '../../../src/core/util/csv';
import { writeMaskPng, writeRgbPng, writeText } from '../jobs/helpers/makeDataset';
import { freshTempDirs } from '../helpers/tempDir';

const fresh = freshTempDirs('scan');

test('ImageFolder layout: labels from subfolders, masks by relative path + suffix, any extension', async () => {
  const root = fresh();
  const src = path.join(root, 'src');
  const masks = path.join(root, 'masks');
  await writeRgbPng(path.join(src, 'malignant', 'ISIC_2.png'), 8, 1);
  await writeRgbPng(path.join(src, 'benign', 'ISIC_1.png'), 8, 2);
  await writeRgbPng(path.join(src, 'benign', 'deep', 'ISIC_3.png'), 8, 3);
  await writeMaskPng(path.join(masks, 'benign', 'ISIC_1_segmentation.tif'), 8);
  await writeMaskPng(path.join(masks, 'benign', 'deep', 'ISIC_3_segmentation.png'), 8);
  await writeMaskPng(path.join(masks, 'benign', 'ISIC_9_segmentation.png'), 8); // no such image
  await writeMaskPng(path.join(masks, 'benign', 'ISIC_1.png'), 8); // lacks the suffix
  writeText(path.join(src, 'benign', 'notes.txt'), 'not an image');
  writeText(path.join(src, 'loose.png'), 'at the root: no class');
  const scan = await scanSource(src, { masksDir: masks, maskSuffix: '_segmentation' });
  assert.deepEqual(
    scan.images.map((i) => [
      i.relPath,
      i.label,
      i.mask && path.relative(masks, i.mask).split(path.sep).join('/'),
    ]),
    [
      ['benign/ISIC_1.png', 'benign', 'benign/ISIC_1_segmentation.tif'],
      ['benign/deep/ISIC_3.png', 'benign', 'benign/deep/ISIC_3_segmentation.png'],
      ['malignant/ISIC_2.png', 'malignant', null],
    ],
  );
  assert.deepEqual(scan.labels, ['benign', 'malignant']);
  assert.deepEqual(scan.imagesWithoutMask, ['malignant/ISIC_2.png']);
  assert.deepEqual(scan.unmatchedMasks, ['benign/ISIC_1.png', 'benign/ISIC_9_segmentation.png']);
  assert.deepEqual(scan.skippedNonImages, ['benign/notes.txt']);
  assert.deepEqual(scan.unlabeled, ['loose.png']);
});

test('flat masks folder (ISIC style) matches class-folder images by stem', async () => {
  const root = fresh();
  await writeRgbPng(path.join(root, 'src', 'nevus', 'a.jpg'), 8, 1);
  await writeMaskPng(path.join(root, 'masks', 'a_seg.png'), 8);
  const scan = await scanSource(path.join(root, 'src'), {
    masksDir: path.join(root, 'masks'),
    maskSuffix: '_seg',
  });
  assert.equal(scan.images[0]?.mask, path.join(root, 'masks', 'a_seg.png'));
  assert.deepEqual(scan.unmatchedMasks, []);
});

test('order is by code unit, independent of locale (upper case before lower case)', async () => {
  const root = fresh();
  for (const name of ['b.png', 'B.png', 'a.png', '_x.png', 'Z.png'])
    await writeRgbPng(path.join(root, 'c', name), 4, 1);
  const scan = await scanSource(root);
  assert.deepEqual(
    scan.images.map((i) => i.relPath),
    ['c/B.png', 'c/Z.png', 'c/_x.png', 'c/a.png', 'c/b.png'],
  );
});

test('flat folder + labels CSV: quoted fields, header, unlabelled and missing files reported', async () => {
  const root = fresh();
  const src = path.join(root, 'flat');
  await writeRgbPng(path.join(src, 'one.png'), 4, 1);
  await writeRgbPng(path.join(src, 'two, with comma.png'), 4, 2);
  await writeRgbPng(path.join(src, 'three.png'), 4, 3);
  const csv = path.join(root, 'labels.csv');
  writeText(
    csv,
    'path,label\r\none.png,"Edema|Effusion"\r\n"two, with comma.png",No Finding\r\ngone.png,x\r\n',
  );
  const scan = await scanSource(src, { labelsCsv: csv });
  assert.equal(scan.layout, 'labelsCsv');
  assert.deepEqual(
    scan.images.map((i) => [i.relPath, i.label]),
    [
      ['one.png', 'Edema|Effusion'],
      ['two, with comma.png', 'No Finding'],
    ],
  );
  assert.deepEqual(scan.unlabeled, ['three.png']);
  assert.equal(scan.problems.length, 1);
  assert.match(scan.problems[0] ?? '', /"gone\.png" is not an image/);
});

test('a malformed labels CSV is an error naming the line', async () => {
  const root = fresh();
  await writeRgbPng(path.join(root, 'src', 'a.png'), 4, 1);
  const csv = path.join(root, 'labels.csv');
  writeText(csv, 'path,label\na.png,x\n"b.png,y\n');
  await assert.rejects(scanSource(path.join(root, 'src'), { labelsCsv: csv }), CsvParseError);
});

test('mask CSV maps images to masks; unknown images and missing masks are reported', async () => {
  const root = fresh();
  await writeRgbPng(path.join(root, 'src', 'k', 'a.png'), 4, 1);
  await writeRgbPng(path.join(root, 'src', 'k', 'b.png'), 4, 2);
  await writeMaskPng(path.join(root, 'm', 'whatever.png'), 4);
  const csv = path.join(root, 'm', 'map.csv');
  writeText(csv, 'image,mask\nk/a.png,whatever.png\nk/b.png,missing.png\nk/zzz.png,whatever.png\n');
  const scan = await scanSource(path.join(root, 'src'), { maskCsv: csv });
  assert.equal(scan.images[0]?.mask, path.join(root, 'm', 'whatever.png'));
  assert.equal(scan.images[1]?.mask, null);
  assert.deepEqual(scan.imagesWithoutMask, ['k/b.png']);
  assert.equal(scan.problems.length, 2);
  assert.ok(
    scan.problems.some((p) => p.includes('map.csv:3') && p.includes('missing.png')),
    scan.problems.join('\n'),
  );
  assert.ok(
    scan.problems.some((p) => p.includes('map.csv:4') && p.includes('k/zzz.png')),
    scan.problems.join('\n'),
  );
});

test('targets are found recursively with their own masks; labels and non-images ignored', async () => {
  const root = fresh();
  await writeRgbPng(path.join(root, 't', 'site1', 'x.webp'), 4, 1);
  await writeRgbPng(path.join(root, 't', 'y.png'), 4, 2);
  writeText(path.join(root, 't', 'README.md'), '# notes');
  await writeMaskPng(path.join(root, 'tm', 'y_segmentation.png'), 4);
  const scan = await scanTargets(path.join(root, 't'), {
    masksDir: path.join(root, 'tm'),
    maskSuffix: '_segmentation',
  });
  assert.deepEqual(
    scan.images.map((i) => [i.relPath, i.mask !== null]),
    [
      ['site1/x.webp', false],
      ['y.png', true],
    ],
  );
  assert.deepEqual(scan.skippedNonImages, ['README.md']);
});

test('a missing folder is a FolderError naming its role', async () => {
  await assert.rejects(scanSource(path.join(fresh(), 'nope')), (error: unknown) => {
    assert.ok(error instanceof FolderError);
    assert.match(error.message, /source folder does not exist/);
    return true;
  });
});

test('unmatched masks named <stem><suffix> suggest the --mask-suffix to use', async () => {
  const root = fresh();
  for (const name of ['ISIC_1', 'ISIC_2', 'ISIC_3']) {
    await writeRgbPng(path.join(root, 'src', 'nevus', `${name}.jpg`), 4, 1);
    await writeMaskPng(path.join(root, 'masks', 'nevus', `${name}_segmentation.png`), 4);
  }
  const without = await scanSource(path.join(root, 'src'), { masksDir: path.join(root, 'masks') });
  assert.equal(without.imagesWithoutMask.length, 3);
  assert.equal(without.suggestedMaskSuffix, '_segmentation');
  const withSuffix = await scanSource(path.join(root, 'src'), {
    masksDir: path.join(root, 'masks'),
    maskSuffix: '_segmentation',
  });
  assert.equal(withSuffix.suggestedMaskSuffix, null);
  assert.equal(withSuffix.imagesWithoutMask.length, 0);
});

test('a missing labels or mask CSV is a FolderError naming it', async () => {
  const root = fresh();
  await writeRgbPng(path.join(root, 'src', 'a.png'), 4, 1);
  await assert.rejects(
    scanSource(path.join(root, 'src'), { labelsCsv: path.join(root, 'labels.csv') }),
    /labels CSV does not exist/,
  );
  await assert.rejects(
    scanSource(path.join(root, 'src'), { maskCsv: path.join(root, 'src') }),
    /mask CSV is not a file/,
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { renderDisplay8, resolveVoi } from '../../../src/core/image/dicom/display';
import { readDicomImage } from '../../../src/core/image/dicom/readDicom';
import { encodeImage } from '../../../src/core/image/io';
import { ThumbnailCache, THUMBNAIL_FOLDER } from '../../../src/extension/views/thumbnailCache';
import { needsHostRendering, renderDisplayPng } from '../../../src/extension/views/thumbnailRender';
import { useTempDir } from '../helpers/tempDir';
import { pydicomFile } from '../image/dicom/fixtures';

const temp = useTempDir('thumbs');

async function pixels(
  png: Buffer,
): Promise<{ width: number; height: number; channels: number; data: Buffer }> {
  const { channels } = await sharp(png).metadata();
  const { data, info } = await sharp(png)
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: channels ?? 0, data };
}

test('DICOM renders through the display pipeline with the chosen window, as an 8-bit PNG', async () => {
  const file = pydicomFile('CT_small.dcm');
  const { image, info } = await readDicomImage(file);
  const expected = renderDisplay8(image, info, resolveVoi(image, info, 'bone'));
  const rendered = await pixels(await renderDisplayPng(file, { window: 'bone' }));
  assert.deepEqual([rendered.width, rendered.height, rendered.channels], [128, 128, 1]);
  assert.deepEqual(Uint8Array.from(rendered.data), expected.data);
  const small = await pixels(await renderDisplayPng(file, { maxSize: 32 }));
  assert.deepEqual([small.width, small.height], [32, 32]);
});

test('a 16-bit PNG output of a DICOM source renders through the rescale and window of its manifest item', async () => {
  const { image } = await readDicomImage(pydicomFile('MR_small.dcm'));
  const png = temp('mr16.png');
  writeFileSync(png, await encodeImage(image, 'png'));
  const dicom = {
    modality: 'MR',
    photometric: 'MONOCHROME1' as const,
    bitsStored: 16,
    rescaleSlope: 1,
    rescaleIntercept: -32768,
    window: { center: 600, width: 1600, function: 'LINEAR' as const },
    burnedInAnnotation: false,
    deidentification: 'x',
  };
  const plain = await pixels(await renderDisplayPng(png, {}));
  assert.equal(plain.channels, 1);
  const shown = await pixels(await renderDisplayPng(png, { dicom }));
  const reference = await readDicomImage(pydicomFile('MR_small.dcm'));
  const mono2 = renderDisplay8(
    reference.image,
    reference.info,
    resolveVoi(reference.image, reference.info),
  );
  for (let i = 0; i < 64 * 64; i++) assert.equal(shown.data[i], 255 - (mono2.data[i] ?? 0));
});

test('a DICOM SEG renders its chosen segments white on black', async () => {
  const rendered = await pixels(
    await renderDisplayPng(pydicomFile('liver_1frame.dcm'), { segments: ['Liver'] }),
  );
  const white = rendered.data.filter((v) => v === 255).length;
  assert.equal(white, 36233);
  assert.equal(rendered.data.filter((v) => v !== 0 && v !== 255).length, 0);
});

test('browser formats pass through; DICOM, TIFF and DICOM-derived outputs are rendered on the host', () => {
  assert.equal(needsHostRendering('/a/b.png'), false);
  assert.equal(needsHostRendering('/a/b.JPG'), false);
  assert.equal(needsHostRendering('/a/b.dcm'), true);
  assert.equal(needsHostRendering('/a/IM0001'), true);
  assert.equal(needsHostRendering('/a/b.tif'), true);
  assert.equal(needsHostRendering('/a/b.png', { modality: 'CT' } as never), true);
});

test('the cache renders once beside the run and again when the image changes', async () => {
  const run = temp('run');
  mkdirSync(run);
  const source = path.join(run, 'source.dcm');
  copyFileSync(pydicomFile('MR_small.dcm'), source);
  const cache = ThumbnailCache.beside(path.join(run, 'maskmedpaint.json'));
  const first = await cache.displayPath(source, { maxSize: 64 });
  assert.ok(first && path.dirname(first) === path.join(run, THUMBNAIL_FOLDER));
  const made = statSync(first).mtimeMs;
  assert.equal(await cache.displayPath(source, { maxSize: 64 }), first);
  assert.equal(statSync(first).mtimeMs, made, 'not rendered again');
  assert.notEqual(await cache.displayPath(source, { maxSize: 64, window: 'fullRange' }), first);
  utimesSync(source, new Date(), new Date(Date.now() + 5000));
  assert.notEqual(
    await cache.displayPath(source, { maxSize: 64 }),
    first,
    'an edited image renders anew',
  );
  const plainPng = path.join(run, 'plain.png');
  await sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } })
    .png()
    .toFile(plainPng);
  assert.equal(await cache.displayPath(plainPng, { maxSize: 64 }), plainPng);
  assert.equal(await cache.displayPath(path.join(run, 'missing.dcm')), null);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { inspectDataset } from '../../../src/core/dataset/inspectDataset';
import { formatReport } from '../../../src/cli/commands/inspect';
import { writeRgbPng } from '../jobs/helpers/makeDataset';

/** Writes a 16x16 mask whose white pixels are those `inside(x, y)` accepts. */
async function mask(file: string, inside: (x: number, y: number) => boolean): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  const data = Buffer.alloc(16 * 16);
  for (let y = 0; y < 16; y++)
    for (let x = 0; x < 16; x++) data[y * 16 + x] = inside(x, y) ? 255 : 0;
  await sharp(data, { raw: { width: 16, height: 16, channels: 1 } })
    .png()
    .toFile(file);
}

test('inspect flags empty, full and fragmented masks, summarises coverage, lists unreadable files', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mmp-inspect-'));
  const src = path.join(root, 'src');
  const masks = path.join(root, 'masks');
  for (const name of ['quarter', 'empty', 'full', 'two'])
    await writeRgbPng(path.join(src, 'a', `${name}.png`), 16, 1);
  await writeRgbPng(path.join(src, 'b', 'nomask.png'), 16, 2);
  writeFileSync(path.join(src, 'b', 'broken.png'), 'text');
  await mask(path.join(masks, 'a', 'quarter.png'), (x, y) => x < 8 && y < 8);
  await mask(path.join(masks, 'a', 'empty.png'), () => false);
  await mask(path.join(masks, 'a', 'full.png'), () => true);
  await mask(path.join(masks, 'a', 'two.png'), (x, y) => y < 4 && (x < 3 || x > 12));
  const report = await inspectDataset(src, { masksDir: masks });
  assert.deepEqual(report.perClass, {
    a: { images: 4, withMask: 4 },
    b: { images: 2, withMask: 0 },
  });
  assert.deepEqual(report.emptyMasks, ['a/empty.png']);
  assert.deepEqual(report.fullMasks, ['a/full.png']);
  assert.deepEqual(report.fragmentedMasks, ['a/two.png']);
  assert.equal(report.coverage.count, 4);
  assert.equal(report.coverage.min, 0);
  assert.equal(report.coverage.max, 1);
  // Coverages 0, 24/256, 64/256, 1: the median is the mean of the middle two.
  assert.equal(report.coverage.median, (24 / 256 + 64 / 256) / 2);
  assert.deepEqual(
    report.unreadable.map((u) => u.path),
    ['b/broken.png'],
  );
  assert.deepEqual(report.scan.imagesWithoutMask, ['b/broken.png', 'b/nomask.png']);
  const text = formatReport(report);
  assert.match(text, /Empty masks \(nothing to keep\) \(1\):\n {2}a\/empty\.png/);
  assert.match(text, /Unreadable files \(1\):\n {2}b\/broken\.png: /);
  assert.match(text, /min 0\.0%, median 17\.2%, max 100\.0%/);
});

test('inspect reads image headers, not pixels: truncated pixel data shows only with decodeImages', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mmp-inspect-'));
  const src = path.join(root, 'src');
  const masks = path.join(root, 'masks');
  for (let i = 0; i < 12; i++) {
    await writeRgbPng(path.join(src, 'a', `img${i}.png`), 16, i);
    await mask(path.join(masks, 'a', `img${i}.png`), (x, y) => x < 2 + i && y < 8);
  }
  // Header intact, pixel data cut: only decoding notices.
  const whole = await sharp(Buffer.alloc(64 * 32 * 3, 7), {
    raw: { width: 64, height: 32, channels: 3 },
  })
    .png({ compressionLevel: 0 })
    .toBuffer();
  writeFileSync(path.join(src, 'a', 'cut.png'), whole.subarray(0, whole.length / 2));
  await mask(path.join(masks, 'a', 'cut.png'), (x) => x < 4);
  const byHeader = await inspectDataset(src, { masksDir: masks });
  assert.deepEqual(byHeader.unreadable, []);
  assert.deepEqual(
    byHeader.stretchedMasks.map((m) => m.path),
    ['a/cut.png'],
    '64x32 image, 16x16 mask',
  );
  const decoded = await inspectDataset(src, { masksDir: masks, decodeImages: true });
  assert.deepEqual(
    decoded.unreadable.map((u) => u.path),
    ['a/cut.png'],
  );
  // Read concurrently, reported as if read one by one.
  const oneByOne = await inspectDataset(src, { masksDir: masks, concurrency: 1 });
  assert.deepEqual(byHeader, oneByOne);
});

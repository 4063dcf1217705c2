import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { OrtModel } from '../../../src/core/backend/ort';
import { readImage } from '../../../src/core/image/io';
import type { BinaryMask, RawImage } from '../../../src/core/image/rawImage';
import { BackgroundRemover } from '../../../src/core/masks/backgroundRemoval';
import { proposeMasksForFolder } from '../../../src/core/masks/proposeMasks';
import { dilateSquare } from '../../../src/core/masks/squareDilate';

const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'inpainters', 'tiny_rmbg.onnx');

/** Straightforward reference: `iterations` passes of a k x k maximum, as cv2.dilate does. */
function referenceDilate(mask: BinaryMask, kernel: number, iterations: number): number[] {
  let data = Array.from(mask.data);
  const r = (kernel - 1) / 2;
  for (let n = 0; n < iterations; n++) {
    const next = new Array<number>(data.length).fill(0);
    for (let y = 0; y < mask.height; y++)
      for (let x = 0; x < mask.width; x++)
        for (let dy = -r; dy <= r; dy++)
          for (let dx = -r; dx <= r; dx++) {
            const sx = x + dx;
            const sy = y + dy;
            if (
              sx >= 0 &&
              sy >= 0 &&
              sx < mask.width &&
              sy < mask.height &&
              data[sy * mask.width + sx] === 1
            )
              next[y * mask.width + x] = 1;
          }
    data = next;
  }
  return data;
}

test('square dilation equals repeated k x k dilation (11x11 x3 and others)', () => {
  const width = 41;
  const height = 37;
  const data = new Uint8Array(width * height);
  for (const p of [0, 5 * width + 7, 20 * width + 20, 36 * width + 40, 30 * width + 3]) data[p] = 1;
  const mask = { width, height, data };
  for (const [kernel, iterations] of [
    [11, 3],
    [3, 1],
    [5, 2],
    [1, 4],
  ] as const) {
    assert.deepEqual(
      Array.from(dilateSquare(mask, kernel, iterations).data),
      referenceDilate(mask, kernel, iterations),
      `${kernel}x${iterations}`,
    );
  }
  assert.throws(() => dilateSquare(mask, 4, 1), /odd positive integer/);
});

/** Dark image with a bright square (the "foreground"). */
function scene(width: number, height: number): RawImage {
  const data = new Uint8Array(width * height * 3).fill(20);
  for (let y = 10; y < 30; y++)
    for (let x = 20; x < 50; x++) data.fill(235, (y * width + x) * 3, (y * width + x) * 3 + 3);
  return { width, height, channels: 3, bitDepth: 8, data };
}

test('the tiny RMBG-interface model proposes the bright object as key region at the image size', async () => {
  const remover = new BackgroundRemover(await OrtModel.load(FIXTURE, { preference: 'cpu' }));
  try {
    const mask = await remover.propose(scene(80, 40));
    assert.equal(mask.width, 80);
    assert.equal(mask.height, 40);
    assert.equal(mask.data[20 * 80 + 35], 1, 'inside the object');
    assert.equal(mask.data[2 * 80 + 2], 0, 'background');
    const dilated = await remover.propose(scene(80, 40), { dilate: { kernel: 3, iterations: 2 } });
    assert.deepEqual(
      dilated.data,
      dilateSquare(mask, 3, 2).data,
      'the margin option dilates the proposal',
    );
    const count = (m: BinaryMask): number => m.data.reduce((a, b) => a + b, 0);
    assert.ok(count(dilated) > count(mask));
    // The object spans x 20..49, y 10..29: the proposal follows it within the resampling blur.
    let inside = 0;
    for (let y = 12; y < 28; y++) for (let x = 22; x < 48; x++) inside += mask.data[y * 80 + x];
    assert.equal(inside, 16 * 26);
    assert.equal(count(mask) <= 32 * 22, true, 'nothing far outside the object');
  } finally {
    await remover.dispose();
  }
});

test('folder proposals: masks written as PNG by relative path; existing masks are kept as the cache', async () => {
  const root = fs.mkdtempSync(join(os.tmpdir(), 'mmp-rmbg-'));
  const source = join(root, 'src');
  fs.mkdirSync(join(source, 'landbird'), { recursive: true });
  const img = scene(80, 40);
  await sharp(Buffer.from(img.data), { raw: { width: 80, height: 40, channels: 3 } })
    .png()
    .toFile(join(source, 'landbird', 'a.png'));
  fs.writeFileSync(join(source, 'landbird', 'broken.jpg'), 'not an image');
  const out = join(root, 'masks');
  const remover = new BackgroundRemover(await OrtModel.load(FIXTURE, { preference: 'cpu' }));
  try {
    const first = await proposeMasksForFolder(remover, { sourceDir: source, outDir: out });
    assert.equal(first.written, 1);
    assert.deepEqual(
      first.failed.map((f) => f.relPath),
      ['landbird/broken.jpg'],
    );
    const mask = await readImage(join(out, 'landbird', 'a.png'));
    assert.equal(mask.data[20 * 80 + 35], 255);
    fs.writeFileSync(
      join(out, 'landbird', 'a.png'),
      fs.readFileSync(join(out, 'landbird', 'a.png')),
    );
    const edited = fs.statSync(join(out, 'landbird', 'a.png')).mtimeMs;
    const second = await proposeMasksForFolder(remover, { sourceDir: source, outDir: out });
    assert.equal(second.cached, 1);
    assert.equal(second.written, 0);
    assert.equal(fs.statSync(join(out, 'landbird', 'a.png')).mtimeMs, edited);
    const forced = await proposeMasksForFolder(remover, {
      sourceDir: source,
      outDir: out,
      overwrite: true,
    });
    assert.equal(forced.written, 1);
    await assert.rejects(
      proposeMasksForFolder(remover, { sourceDir: source, outDir: source }),
      /must differ from the source/,
    );
  } finally {
    await remover.dispose();
  }
});

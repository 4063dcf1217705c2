import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  dilateOption,
  reportQuality,
  resolveBackgroundModel,
  sizeOption,
} from '../../../src/cli/commands/masks';
import { createProgram } from '../../../src/cli/program';
import { readImage } from '../../../src/core/image/io';
import { writeMaskPng } from '../../../src/core/masks/maskFiles';
import { ModelRegistry } from '../../../src/core/models/registry';
import { freshTempDirs } from '../helpers/tempDir';

const tmp = freshTempDirs('cli-masks');

test('masks chexmask writes one PNG per row at --size', async (t) => {
  const dir = tmp();
  const csv = join(dir, 'table.csv');
  fs.writeFileSync(
    csv,
    'Image Index,Left Lung,Right Lung,Heart,Height,Width\n00000001_000.png,1 2,,4 1,2,2\n',
  );
  const out = join(dir, 'masks');
  t.mock.method(process.stdout, 'write', () => true);
  await createProgram().parseAsync([
    'node',
    'maskmedpaint',
    'masks',
    'chexmask',
    '--csv',
    csv,
    '--out',
    out,
    '--size',
    '4x4',
  ]);
  t.mock.restoreAll();
  const mask = await readImage(join(out, '00000001_000.png'));
  assert.equal(mask.width, 4);
  // 2x2 mask [1,1 / 0,1] scaled to 4x4 by nearest neighbour.
  assert.deepEqual(
    Array.from(mask.data).map((v) => (v ? 1 : 0)),
    [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1],
  );
});

test('masks quality lists flagged masks and a summary', async () => {
  const dir = tmp();
  await writeMaskPng(
    { width: 4, height: 1, data: Uint8Array.from([0, 0, 0, 0]) },
    join(dir, 'a.png'),
  );
  await writeMaskPng(
    { width: 4, height: 1, data: Uint8Array.from([1, 0, 1, 1]) },
    join(dir, 'b.png'),
  );
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  await reportQuality(dir, false, out);
  assert.match(text, /^a\.png: 0\.0% key region, empty$/m);
  assert.match(text, /^b\.png: 75\.0% key region, fragmented \(2 parts\)$/m);
  assert.match(text, /2 masks; .*flagged: 1 empty, 1 fragmented/);
});

test('option parsers and model resolution explain bad input', async () => {
  assert.deepEqual(sizeOption('512x256'), { width: 512, height: 256 });
  assert.throws(() => sizeOption('512'), /WIDTHxHEIGHT/);
  assert.deepEqual(dilateOption('11x3'), { kernel: 11, iterations: 3 });
  assert.throws(() => dilateOption('10x3'), /odd kernel/);
  const cache = tmp();
  await assert.rejects(resolveBackgroundModel('rmbg-1.4', [cache]), /models download rmbg-1.4/);
  await new ModelRegistry(cache).put({
    id: 'lama',
    kind: 'plain-inpainter',
    engine: 'lama',
    path: '/x.onnx',
    source: 'local',
    files: {},
    verified: false,
    addedAt: 'x',
  });
  await assert.rejects(
    resolveBackgroundModel('lama', [cache]),
    /plain-inpainter model, not background removal/,
  );
});

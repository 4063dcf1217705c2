import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { JobEvent } from '../../../src/shared/jobEvents';
import sharp from 'sharp';
import {
  makeDataset,
  rgbImage,
  writeMaskPng,
  type TestDataset,
} from '../../unit/jobs/helpers/makeDataset';
import { buildCli, removeCli, runCliProcess } from '../helpers/cliHarness';

let root: string;
let dataset: TestDataset;

before(async () => {
  await buildCli();
  root = mkdtempSync(path.join(tmpdir(), 'mmp-cli-'));
  dataset = await makeDataset(root, { perClass: 1, maskSuffix: '_segmentation' });
});
after(removeCli);

const baseArgs = (out: string): string[] => [
  'augment',
  '--source',
  dataset.source,
  '--target',
  dataset.target,
  '--masks',
  dataset.masks,
  '--mask-suffix',
  '_segmentation',
  '--out',
  out,
  '--blend',
  'alpha',
];

test('exit 0 when every item succeeds; --json prints one JobEvent per line', async () => {
  const result = await runCliProcess([
    ...baseArgs(path.join(root, 'ok')),
    '--per-image',
    '2',
    '--json',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const events = result.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as JobEvent);
  assert.deepEqual(events[0], { type: 'planned', total: 4, alreadyDone: 0 });
  assert.equal(events.filter((event) => event.type === 'itemDone').length, 4);
  assert.deepEqual(events.at(-1), {
    type: 'finished',
    done: 4,
    failed: 0,
    skipped: 0,
    cancelled: false,
    manifest: path.join(root, 'ok', 'maskmedpaint.json'),
  });
});

test('exit 1 when some items fail (truncated JPEG, zero bytes, text named .png), the rest complete', async () => {
  const local = mkdtempSync(path.join(tmpdir(), 'mmp-cli-fail-'));
  const data = await makeDataset(local, { perClass: 1, maskSuffix: '_segmentation' });
  const benign = path.join(data.source, 'benign');
  const jpeg = await sharp(rgbImage(32, 9), { raw: { width: 32, height: 32, channels: 3 } })
    .jpeg()
    .toBuffer();
  writeFileSync(path.join(benign, 'cut.jpg'), jpeg.subarray(0, jpeg.length - 200));
  writeFileSync(path.join(benign, 'zero.png'), Buffer.alloc(0));
  writeFileSync(path.join(benign, 'text.png'), 'not a png');
  for (const stem of ['cut', 'zero', 'text']) {
    await writeMaskPng(path.join(data.masks, 'benign', `${stem}_segmentation.png`), 32);
  }
  const result = await runCliProcess([
    'augment',
    '--source',
    data.source,
    '--target',
    data.target,
    '--masks',
    data.masks,
    '--mask-suffix',
    '_segmentation',
    '--out',
    path.join(local, 'out'),
    '--per-image',
    '1',
  ]);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /2 generated, 3 failed/);
  assert.match(
    result.stdout,
    /\n {2}cut__0 \(\.\.\/source\/benign\/cut\.jpg\): source \[truncated\]/,
  );
  assert.match(
    result.stdout,
    /\n {2}text__0 \(\.\.\/source\/benign\/text\.png\): source \[notAnImage\]/,
  );
  assert.match(
    result.stdout,
    /\n {2}zero__0 \(\.\.\/source\/benign\/zero\.png\): source \[empty\]/,
  );
});

test('exit 2 for usage and configuration errors, with a message saying what is wrong', async () => {
  const aFile = path.join(root, 'a-file');
  writeFileSync(aFile, 'not a folder');
  const cases: Array<{ args: string[]; message: RegExp }> = [
    {
      args: ['augment', '--source', dataset.source, '--out', path.join(root, 'x')],
      message: /--target/,
    },
    {
      args: [...baseArgs(path.join(root, 'y')), '--per-image', 'zero'],
      message: /expected a whole number/,
    },
    {
      args: [...baseArgs(path.join(root, 'z')), '--preset', 'dermatology'],
      message: /unknown preset "dermatology"/,
    },
    { args: baseArgs(path.join(dataset.source, 'out')), message: /inside the source folder/ },
    {
      args: [
        'augment',
        '--source',
        path.join(root, 'missing'),
        '--target',
        dataset.target,
        '--out',
        path.join(root, 'w'),
      ],
      message: /source folder does not exist/,
    },
    { args: ['frobnicate'], message: /unknown command/ },
    {
      args: baseArgs(path.join(aFile, 'out')),
      message: /cannot create folder .*: a part of the path is a file, not a folder \(ENOTDIR\)/,
    },
    {
      args: [
        'augment',
        '--source',
        dataset.source,
        '--target',
        dataset.target,
        '--out',
        path.join(root, 'v'),
      ],
      message: /no key-region masks: .* for the classes benign, malignant/,
    },
  ];
  // Independent runs: start them together.
  const results = await Promise.all(cases.map(({ args }) => runCliProcess(args)));
  cases.forEach(({ args, message }, index) => {
    const result = results[index];
    assert.equal(result.code, 2, `${args.join(' ')}\n${result.stderr}`);
    assert.match(result.stderr, message);
  });
});

test('inspect reports classes and mask coverage', async () => {
  const result = await runCliProcess([
    'inspect',
    dataset.source,
    '--masks',
    dataset.masks,
    '--mask-suffix',
    '_segmentation',
    '--json',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as {
    perClass: Record<string, { images: number; withMask: number }>;
    coverage: { count: number; min: number; max: number };
  };
  assert.deepEqual(report.perClass, {
    benign: { images: 1, withMask: 1 },
    malignant: { images: 1, withMask: 1 },
  });
  assert.equal(report.coverage.count, 2);
  // The disc of radius size/4 covers about pi/16 of the image.
  assert.ok(Math.abs(report.coverage.min - Math.PI / 16) < 0.02, String(report.coverage.min));
});

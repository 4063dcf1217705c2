import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import type { JobEvent } from '../../../src/shared/jobEvents';
import type { Manifest } from '../../../src/shared/manifest';
import { hashTree, makeDataset, type TestDataset } from '../../unit/jobs/helpers/makeDataset';
import { withoutRunTimes } from '../../unit/jobs/helpers/runHelpers';
import { buildCli, removeCli, runCliProcess } from '../helpers/cliHarness';

let root: string;
let dataset: TestDataset;

before(async () => {
  await buildCli();
  root = mkdtempSync(path.join(tmpdir(), 'mmp-kill-'));
  dataset = await makeDataset(root, { perClass: 8, size: 64, targets: 4 });
});
after(removeCli);

const args = (out: string): string[] => [
  'augment',
  '--source',
  dataset.source,
  '--target',
  dataset.target,
  '--masks',
  dataset.masks,
  '--out',
  out,
  '--per-image',
  '2',
  '--json',
];

const manifestWithoutTime = (out: string): unknown =>
  withoutRunTimes(
    JSON.parse(readFileSync(path.join(out, 'maskmedpaint.json'), 'utf8')) as Manifest,
  );

test('a run killed with SIGKILL resumes to exactly the outputs of an uninterrupted run', async () => {
  const reference = path.join(root, 'reference');
  const interrupted = path.join(root, 'interrupted');
  assert.equal((await runCliProcess(args(reference))).code, 0);

  let killedAfter = 0;
  const killed = await runCliProcess(args(interrupted), (line, child) => {
    const event = JSON.parse(line) as JobEvent;
    if (event.type === 'itemDone' && killedAfter === 0) {
      killedAfter = event.index + 1;
      child.kill('SIGKILL');
    }
  });
  assert.equal(killed.signal, 'SIGKILL');
  assert.ok(killedAfter >= 1);
  // Whatever the kill left behind: finished images are complete files, never half-written ones.
  const leftover = hashTree(interrupted);
  const images = [...leftover.keys()].filter(
    (rel) => rel.startsWith('images/') && rel.endsWith('.png'),
  );
  assert.ok(images.length < 32, `the run was interrupted (${images.length} of 32 images written)`);
  for (const rel of images) await sharp(path.join(interrupted, rel)).raw().toBuffer();

  const resumed = await runCliProcess(args(interrupted));
  assert.equal(resumed.code, 0, resumed.stderr);
  const planned = JSON.parse(resumed.stdout.split('\n')[0] ?? '') as JobEvent;
  assert.equal(planned.type, 'planned');
  assert.ok(
    planned.type === 'planned' && planned.alreadyDone >= killedAfter,
    `kept ${JSON.stringify(planned)}`,
  );

  const expected = hashTree(reference);
  const actual = hashTree(interrupted);
  expected.delete('maskmedpaint.json');
  actual.delete('maskmedpaint.json');
  assert.deepEqual(actual, expected, 'same files (no temp files, no journal) with the same bytes');
  assert.deepEqual(manifestWithoutTime(interrupted), manifestWithoutTime(reference));
});

test('Ctrl+C (SIGINT) finishes the image in flight, writes the manifest and exits 130', async () => {
  const out = path.join(root, 'interrupted-by-user');
  let interrupted = false;
  const result = await runCliProcess(args(out), (line, child) => {
    const event = JSON.parse(line) as JobEvent;
    if (event.type === 'itemDone' && !interrupted) {
      interrupted = true;
      child.kill('SIGINT');
    }
  });
  assert.equal(result.code, 130, result.stderr);
  const events = result.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as JobEvent);
  const finished = events.at(-1);
  assert.ok(finished?.type === 'finished' && finished.cancelled, JSON.stringify(finished));
  const manifest = JSON.parse(
    readFileSync(path.join(out, 'maskmedpaint.json'), 'utf8'),
  ) as Manifest;
  assert.equal(manifest.items.length, finished.type === 'finished' ? finished.done : -1);
  assert.ok(manifest.items.length < 32);
});

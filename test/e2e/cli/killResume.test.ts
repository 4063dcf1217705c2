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
import { buildCli, removeCli, runCliProcess, type SignalAt } from '../helpers/cliHarness';

let root: string;
let dataset: TestDataset;
let reference: string;

before(async () => {
  await buildCli();
  root = mkdtempSync(path.join(tmpdir(), 'mmp-kill-'));
  dataset = await makeDataset(root, { perClass: 8, size: 64, targets: 4 });
  reference = path.join(root, 'reference');
  assert.equal((await runCliProcess(args(reference))).code, 0);
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

const TOTAL = 32;

/**
 * Runs to a SIGKILL at `killAt`, checks what it left, resumes, and checks the resumed folder holds
 * exactly what the uninterrupted reference run wrote. Returns how many items the resumed run kept.
 */
async function killAndResume(name: string, killAt: Omit<SignalAt, 'signal'>): Promise<number> {
  const interrupted = path.join(root, name);
  const killed = await runCliProcess(args(interrupted), undefined, {
    signal: 'SIGKILL',
    ...killAt,
  });
  assert.equal(killed.signal, 'SIGKILL', `the run was killed (${killed.stderr})`);
  // Whatever the kill left behind: finished images are complete files, never half-written ones.
  for (const rel of hashTree(interrupted).keys()) {
    if (rel.startsWith('images/') && rel.endsWith('.png'))
      await sharp(path.join(interrupted, rel)).raw().toBuffer();
  }

  const resumed = await runCliProcess(args(interrupted));
  assert.equal(resumed.code, 0, resumed.stderr);
  const planned = JSON.parse(resumed.stdout.split('\n')[0] ?? '') as JobEvent;
  assert.ok(planned.type === 'planned', JSON.stringify(planned));
  assert.equal(planned.total, TOTAL);
  assert.ok(
    planned.alreadyDone < TOTAL,
    `the kill left work to resume: ${JSON.stringify(planned)}`,
  );

  const expected = hashTree(reference);
  const actual = hashTree(interrupted);
  expected.delete('maskmedpaint.json');
  actual.delete('maskmedpaint.json');
  assert.deepEqual(actual, expected, 'same files (no temp files, no journal) with the same bytes');
  assert.deepEqual(manifestWithoutTime(interrupted), manifestWithoutTime(reference));
  return planned.alreadyDone;
}

test('a run killed with SIGKILL right after an item was recorded resumes without redoing it', async () => {
  // The fourth item in plan order; its journal line is on disk when the kill lands.
  const kept = await killAndResume('killed-after-journal', {
    when: 'afterJournal',
    match: '"id":"benign/img_1__1"',
  });
  assert.ok(kept >= 4, `kept ${kept} items`);
});

test('a run killed with SIGKILL between writing an image and recording it resumes to the same outputs', async () => {
  await killAndResume('killed-after-rename', { when: 'afterRename', match: 'img_5__k0.png' });
});

test('a run killed with SIGKILL while an image sat under its temporary name leaves no temp file', async () => {
  await killAndResume('killed-before-rename', { when: 'beforeRename', match: 'img_3__k1.png' });
});

test('a run killed with SIGKILL when the test sees its first finished item resumes to the same outputs', async () => {
  // The way a user's kill arrives: from outside, at whatever point the run has reached by then.
  const interrupted = path.join(root, 'killed-from-outside');
  let killedAfter = 0;
  const killed = await runCliProcess(args(interrupted), (line, child) => {
    const event = JSON.parse(line) as JobEvent;
    if (event.type === 'itemDone' && killedAfter === 0) {
      killedAfter = event.index + 1;
      child.kill('SIGKILL');
    }
  });
  assert.ok(killedAfter >= 1);
  const resumed = await runCliProcess(args(interrupted));
  assert.equal(resumed.code, 0, resumed.stderr);
  const planned = JSON.parse(resumed.stdout.split('\n')[0] ?? '') as JobEvent;
  assert.ok(
    planned.type === 'planned' && planned.alreadyDone >= killedAfter,
    JSON.stringify(planned),
  );
  // A slow test process may see the event only after the run ended; the outputs must match either way.
  if (killed.signal !== 'SIGKILL') assert.equal(killed.code, 0, killed.stderr);
  const expected = hashTree(reference);
  const actual = hashTree(interrupted);
  expected.delete('maskmedpaint.json');
  actual.delete('maskmedpaint.json');
  assert.deepEqual(actual, expected);
  assert.deepEqual(manifestWithoutTime(interrupted), manifestWithoutTime(reference));
});

test('Ctrl+C (SIGINT) finishes the images in flight, writes the manifest, exits 130, and resumes', async () => {
  const out = path.join(root, 'interrupted-by-user');
  // Pressed once the first item is recorded (sent by the CLI to itself at that point, so the
  // test's reaction time cannot let the run finish first).
  const result = await runCliProcess(args(out), undefined, {
    signal: 'SIGINT',
    when: 'afterJournal',
    match: '"id":"benign/img_0__0"',
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
  assert.ok(
    manifest.items.length >= 1 && manifest.items.length < TOTAL,
    `${manifest.items.length}`,
  );

  const resumed = await runCliProcess(args(out));
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.deepEqual(manifestWithoutTime(out), manifestWithoutTime(reference));
});

/**
 * `maskmedpaint review` on the shared review fixture: the summary of what training may use, the
 * note when unreviewed images are left out, decisions from the terminal with the OS user as
 * reviewer, bad ids reported while the others are recorded, and a busy folder left to its job.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { osUserName } from '../../../src/core/jobs/lockRecord';
import { RunLock } from '../../../src/core/jobs/runLock';
import { parseCsv } from '../../../src/core/util/csv';
import type { Manifest } from '../../../src/shared/manifest';
import { makeDataset } from '../../unit/jobs/helpers/makeDataset';
import { buildReviewCaseRun, expectedUsable } from '../../unit/helpers/reviewCases';
import { freshTempDirs } from '../../unit/helpers/tempDir';
import { buildCli, removeCli, runCliProcess } from '../helpers/cliHarness';

const fresh = freshTempDirs('cli-review');
before(buildCli);
after(removeCli);

const onDisk = (manifestPath: string): Manifest =>
  JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
const statusOf = (manifest: Manifest, id: string): string | undefined =>
  manifest.items.find((item) => item.id === id)?.status;

test('without decisions: the summary, a note naming the unreviewed images, and the manifest brought up to date', async () => {
  const manifestPath = await buildReviewCaseRun(fresh(), true);
  const result = await runCliProcess(['review', path.dirname(manifestPath), '--list', 'pending']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stdout,
    /2 approved, 2 pending, 2 rejected, 1 failed; 2 usable for training \(review required\)/,
  );
  assert.match(result.stdout, /^ {2}pending__0 {2}pending/m);
  assert.match(result.stdout, /^ {2}staleApproval__0 {2}pending/m);
  assert.match(
    result.stderr,
    /note: 2 of 7 generated images are usable for training; 2 pending image\(s\) are left out until reviewed/,
  );
  assert.match(result.stderr, /--no-require-review/);
  // Compacted: the journal's decisions are in the manifest itself.
  assert.equal(statusOf(onDisk(manifestPath), 'approvedThenRejected__0'), 'rejected');
});

test('decisions from the terminal are recorded with the OS user; bad ids are reported and the rest still recorded', async () => {
  const manifestPath = await buildReviewCaseRun(fresh(), true);
  const result = await runCliProcess([
    'review',
    manifestPath,
    '--approve',
    'pending__0',
    'nope__0',
    '--reject',
    'approved__0',
    'failed__0',
    '--note',
    'checked at the console',
  ]);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /error: no item "nope__0"/);
  assert.match(result.stderr, /error: item "failed__0" failed to generate and cannot be reviewed/);
  assert.match(result.stdout, new RegExp(`Recorded 2 decision\\(s\\) as os:${osUserName()}`));
  const manifest = onDisk(manifestPath);
  assert.equal(statusOf(manifest, 'pending__0'), 'approved');
  assert.equal(statusOf(manifest, 'approved__0'), 'rejected');
  const approved = manifest.items.find((item) => item.id === 'pending__0');
  assert.deepEqual(
    [approved?.review?.decidedBy, approved?.review?.note],
    [`os:${osUserName()}`, 'checked at the console'],
  );
  const training = parseCsv(
    readFileSync(path.join(path.dirname(manifestPath), 'augmented-for-training.csv'), 'utf8'),
  );
  const usable = expectedUsable(true).filter((id) => id !== 'approved__0');
  assert.deepEqual(
    training
      .slice(1)
      .map((row) => row[5])
      .sort(),
    [...usable, 'pending__0'].sort(),
  );
});

test('an id named twice is a usage error and nothing is recorded', async () => {
  const manifestPath = await buildReviewCaseRun(fresh(), true);
  const before = readFileSync(
    path.join(path.dirname(manifestPath), '.maskmedpaint-decisions.jsonl'),
    'utf8',
  );
  const result = await runCliProcess([
    'review',
    manifestPath,
    '--approve',
    'pending__0',
    '--reject',
    'pending__0',
  ]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /item "pending__0" is named more than once/);
  assert.equal(
    readFileSync(path.join(path.dirname(manifestPath), '.maskmedpaint-decisions.jsonl'), 'utf8'),
    before,
  );
});

test('while a job holds the folder the decision is recorded and the manifest left to the job', async () => {
  const manifestPath = await buildReviewCaseRun(fresh(), true);
  const manifestBefore = readFileSync(manifestPath, 'utf8');
  const lock = await RunLock.acquire(path.dirname(manifestPath), 'maskmedpaint augment');
  try {
    const result = await runCliProcess(['review', manifestPath, '--approve', 'pending__0']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /A running job holds this folder/);
    // The summary already counts it (read with the journal folded in).
    assert.match(result.stdout, /3 approved, 1 pending/);
    assert.equal(readFileSync(manifestPath, 'utf8'), manifestBefore);
  } finally {
    await lock.release();
  }
});

test('augment records --[no-]require-review; a resumed run keeps it unless told; the note says when training gets nothing', async () => {
  const root = fresh();
  const dataset = await makeDataset(root, { perClass: 1 });
  const out = path.join(root, 'out');
  const augment = (...flags: string[]): string[] => [
    'augment',
    '--source',
    dataset.source,
    '--target',
    dataset.target,
    '--masks',
    dataset.masks,
    '--out',
    out,
    ...flags,
  ];
  const trainingRows = (): number =>
    parseCsv(readFileSync(path.join(out, 'augmented-for-training.csv'), 'utf8')).length - 1;
  const manifestPath = path.join(out, 'maskmedpaint.json');

  const optedOut = await runCliProcess(augment('--no-require-review'));
  assert.equal(optedOut.code, 0, optedOut.stderr);
  assert.equal(onDisk(manifestPath).requireReview, false);
  assert.equal(trainingRows(), 2);
  assert.doesNotMatch(optedOut.stderr, /usable for training/);

  const resumed = await runCliProcess(augment());
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal(onDisk(manifestPath).requireReview, false);

  const required = await runCliProcess(augment('--require-review'));
  assert.equal(required.code, 0, required.stderr);
  assert.equal(onDisk(manifestPath).requireReview, true);
  assert.equal(trainingRows(), 0);
  assert.match(
    required.stderr,
    /note: no generated image is usable for training: 2 of 2 await review and this run requires review/,
  );
  assert.match(required.stderr, /maskmedpaint review /);
});

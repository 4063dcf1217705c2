/**
 * The shared review fixture through the core's readers and writers: the manifest as every
 * TypeScript reader sees it (decisions journal folded in), and the CSV files the lock holder
 * writes from it, under each review policy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { compactDecisions } from '../../../src/core/jobs/compactDecisions';
import { readManifestWithDecisions } from '../../../src/core/jobs/manifestStore';
import { parseCsv } from '../../../src/core/util/csv';
import type { Manifest } from '../../../src/shared/manifest';
import { freshTempDirs } from '../helpers/tempDir';
import {
  EARLIER_SHA256,
  REVIEW_CASES,
  buildReviewCaseRun,
  expectedUsable,
} from '../helpers/reviewCases';

const fresh = freshTempDirs('review-cases');
const { expected } = REVIEW_CASES;

const statusesOf = (manifest: Manifest): Record<string, string> =>
  Object.fromEntries(manifest.items.map((item) => [item.id, item.status]));

test('readManifest folds the decisions journal in: latest decision per image, stale ones reset to pending, bad lines skipped', async () => {
  const manifestPath = await buildReviewCaseRun(fresh(), true);
  const { manifest, decisions } = await readManifestWithDecisions(manifestPath);
  assert.deepEqual(statusesOf(manifest), expected.statuses);
  for (const [id, who] of Object.entries(expected.decidedBy))
    assert.equal(manifest.items.find((item) => item.id === id)?.review?.decidedBy, who, id);
  for (const [id, status] of Object.entries(expected.staleDecisions)) {
    const item = manifest.items.find((candidate) => candidate.id === id);
    assert.deepEqual(item?.review?.staleDecision, { status, sha256: EARLIER_SHA256 }, id);
  }
  const rejected = manifest.items.find((item) => item.id === 'approvedThenRejected__0');
  assert.equal(rejected?.review?.note, 'ruler still visible');
  assert.deepEqual(
    decisions.unknown.map((decision) => decision.id),
    expected.unknownDecisions,
  );
  assert.equal(decisions.malformed.length, expected.malformedLines);
  assert.deepEqual(
    decisions.failedItem.map((decision) => decision.id),
    ['failed__0'],
  );
});

for (const requireReview of [true, false, undefined]) {
  test(`compaction writes the decisions into the manifest and the CSV files (requireReview: ${String(requireReview)})`, async () => {
    const manifestPath = await buildReviewCaseRun(fresh(), requireReview);
    assert.equal(await compactDecisions(manifestPath), 'compacted');
    const runDir = path.dirname(manifestPath);
    const onDisk = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    assert.deepEqual(statusesOf(onDisk), expected.statuses);
    // An older manifest without the field keeps reading as "review required".
    const usable = expectedUsable(requireReview ?? true);
    const training = parseCsv(
      readFileSync(path.join(runDir, 'augmented-for-training.csv'), 'utf8'),
    );
    const idColumn = training[0]?.indexOf('id') ?? -1;
    assert.deepEqual(
      training.slice(1).map((row) => row[idColumn]),
      usable,
    );
    const all = parseCsv(readFileSync(path.join(runDir, 'augmented.csv'), 'utf8'));
    const [header, ...rows] = all;
    const column = (name: string): number => header?.indexOf(name) ?? -1;
    // Every generated image (the failed one has none), with its status and usability.
    assert.equal(rows.length, REVIEW_CASES.items.length - 1);
    for (const row of rows) {
      const id = row[column('id')] ?? '';
      assert.equal(row[column('status')], expected.statuses[id], id);
      assert.equal(row[column('usable')], String(usable.includes(id)), id);
    }
    // Folding the same journal again changes nothing.
    const compacted = readFileSync(manifestPath, 'utf8');
    assert.equal(await compactDecisions(manifestPath), 'compacted');
    assert.equal(readFileSync(manifestPath, 'utf8'), compacted);
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { decisionsPath } from '../../../src/core/jobs/decisionJournal';
import { ManifestCache } from '../../../src/core/jobs/manifestCache';
import { readManifest, writeManifest } from '../../../src/core/jobs/manifestStore';
import { recordDecision } from '../../../src/core/jobs/reviewDecisions';
import { makeDataset } from './helpers/makeDataset';
import { planFor, runPlan } from './helpers/runHelpers';
import { buildReviewCaseRun } from '../helpers/reviewCases';
import { freshTempDirs } from '../helpers/tempDir';

const fresh = freshTempDirs('manifest-cache');

async function finishedRun(): Promise<{ runDir: string; manifestPath: string }> {
  const root = fresh();
  const dataset = await makeDataset(root);
  const runDir = path.join(root, 'out');
  await runPlan(await planFor(dataset, runDir));
  return { runDir, manifestPath: path.join(runDir, 'maskmedpaint.json') };
}

test('a cached read folds in only the decisions appended since, and equals a full read', async () => {
  const { runDir, manifestPath } = await finishedRun();
  const cache = new ManifestCache();
  const first = await cache.read(manifestPath);
  assert.equal(first.changed, 'all');
  const [a, b] = first.manifest.items;
  assert.ok(a && b);
  await recordDecision(runDir, a, 'approved', { decidedBy: 'os:one' });
  await recordDecision(runDir, b, 'rejected', { decidedBy: 'os:two' });
  await recordDecision(runDir, a, 'rejected', { decidedBy: 'os:one' });
  const second = await cache.read(manifestPath);
  assert.deepEqual(second.changed, new Set([a.id, b.id]));
  assert.deepEqual(second.manifest, await readManifest(manifestPath));
  assert.equal(second.manifest.items[0]?.status, 'rejected');
  assert.equal(first.manifest.items[0]?.status, 'pending', 'an earlier read is not changed');
  const third = await cache.read(manifestPath);
  assert.deepEqual(third.changed, new Set(), 'nothing new');
  // A torn line (a decision being written) waits for its newline.
  appendFileSync(decisionsPath(runDir), '{"id":"');
  assert.deepEqual((await cache.read(manifestPath)).changed, new Set());
});

test('a rewritten manifest or a replaced journal is read whole again', async () => {
  const { runDir, manifestPath } = await finishedRun();
  const cache = new ManifestCache();
  const { manifest } = await cache.read(manifestPath);
  const item = manifest.items[3];
  assert.ok(item);
  await recordDecision(runDir, item, 'approved', { decidedBy: 'os:one' });
  // A job's manifest write (here: without the item, as if it were regenerating it).
  await writeManifest(manifestPath, { ...manifest, items: manifest.items.slice(0, 3) });
  const rewritten = await cache.read(manifestPath);
  assert.equal(rewritten.changed, 'all');
  assert.equal(rewritten.manifest.items.length, 3);
  // The journal replaced by a shorter one (nothing decided any more).
  writeFileSync(decisionsPath(runDir), '');
  await writeManifest(manifestPath, manifest);
  const reread = await cache.read(manifestPath);
  assert.equal(reread.changed, 'all');
  assert.deepEqual(reread.manifest, await readManifest(manifestPath));
  assert.equal(reread.manifest.items[3]?.status, 'pending');
});

test('every review case (stale, unknown, malformed, torn decisions) reads as a full read does', async () => {
  const manifestPath = await buildReviewCaseRun(fresh(), true);
  const cache = new ManifestCache();
  assert.deepEqual((await cache.read(manifestPath)).manifest, await readManifest(manifestPath));
  const pending = (await readManifest(manifestPath)).items.find((i) => i.status === 'pending');
  assert.ok(pending);
  await recordDecision(path.dirname(manifestPath), pending, 'approved', { decidedBy: 'os:x' });
  const after = await cache.read(manifestPath);
  assert.deepEqual(after.manifest, await readManifest(manifestPath));
  assert.deepEqual(after.changed, new Set([pending.id]));
});

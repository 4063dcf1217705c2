/**
 * Many review decisions raced against a real running job (runJob with the composite engine and a
 * manifest write after every item): every decision is in the manifest and the CSV files the job
 * leaves behind, with its reviewer, whatever moment it was made at.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Engine } from '../../../src/core/engines/engine';
import { createEngine } from '../../../src/core/engines/createEngine';
import { readManifest } from '../../../src/core/jobs/manifestStore';
import { recordDecision } from '../../../src/core/jobs/reviewDecisions';
import { runJob } from '../../../src/core/jobs/runJob';
import { parseCsv } from '../../../src/core/util/csv';
import { sha256File } from '../../../src/core/util/hash';
import type { Manifest, ReviewStatus } from '../../../src/shared/manifest';
import { makeDataset } from './helpers/makeDataset';
import { planFor, testRecipe } from './helpers/runHelpers';
import { freshTempDirs } from '../helpers/tempDir';

const fresh = freshTempDirs('decision-race');
const FINAL: readonly ReviewStatus[] = ['approved', 'rejected', 'pending'];

test('every decision made while a job runs survives in its final manifest and CSV files', async () => {
  const root = fresh();
  const dataset = await makeDataset(root, { perClass: 4 });
  const plan = await planFor(dataset, path.join(root, 'out'), testRecipe({ perImage: 2 }));
  const runDir = plan.outDir;
  const expected = new Map<string, { status: ReviewStatus; decidedBy: string }>();
  const decisions: Promise<unknown>[] = [];

  /** Three decisions per finished image, changing minds, by alternating reviewers. */
  const review = async (index: number, id: string, output: string): Promise<void> => {
    const sha256 = await sha256File(path.join(runDir, output));
    const item = { id, status: 'pending' as const, sha256 };
    const last = FINAL[index % FINAL.length] ?? 'approved';
    for (const [step, status] of (['rejected', 'approved', last] as const).entries()) {
      const decidedBy = `os:reviewer${(index + step) % 3}`;
      await recordDecision(runDir, item, status, { decidedBy, note: `step ${step}` });
      expected.set(id, { status, decidedBy });
    }
  };

  const inner = await createEngine(plan.recipe);
  const lastGroupStart = plan.items.length - plan.recipe.perImage;
  let calls = 0;
  // Before the last source's images, every decision triggered so far must be on disk, so the
  // final manifest write is the one that has to hold them all.
  const engine: Engine = {
    id: 'racing',
    augment: async (request) => {
      calls += 1;
      if (calls === lastGroupStart + 1) await Promise.all(decisions);
      return inner.augment(request);
    },
  };
  const summary = await runJob(plan, {
    engine,
    flushEveryItems: 1,
    flushMaxShare: 1,
    onEvent: (event) => {
      if (event.type === 'itemDone' && event.index < lastGroupStart)
        decisions.push(review(event.index, event.id, event.output));
    },
  });
  assert.equal(summary.done, plan.items.length);
  assert.equal(expected.size, lastGroupStart);

  // The manifest as written (not folded on reading) holds every last decision.
  const onDisk = JSON.parse(readFileSync(plan.manifestPath, 'utf8')) as Manifest;
  for (const [id, { status, decidedBy }] of expected) {
    const item = onDisk.items.find((candidate) => candidate.id === id);
    assert.equal(item?.status, status, id);
    assert.equal(item?.review?.decidedBy, decidedBy, id);
    assert.equal(item?.review?.note, 'step 2', id);
  }
  // Folding the journal again on reading changes nothing: it is all in the manifest.
  assert.deepEqual((await readManifest(plan.manifestPath)).items, onDisk.items);
  const [header, ...rows] = parseCsv(readFileSync(path.join(runDir, 'augmented.csv'), 'utf8'));
  const column = (name: string): number => header?.indexOf(name) ?? -1;
  for (const row of rows) {
    const id = row[column('id')] ?? '';
    assert.equal(row[column('status')], expected.get(id)?.status ?? 'pending', id);
  }
  const training = parseCsv(
    readFileSync(path.join(runDir, 'augmented-for-training.csv'), 'utf8'),
  ).slice(1);
  assert.deepEqual(
    training.map((row) => row[column('id')]).sort(),
    [...expected]
      .filter(([, d]) => d.status === 'approved')
      .map(([id]) => id)
      .sort(),
  );
});

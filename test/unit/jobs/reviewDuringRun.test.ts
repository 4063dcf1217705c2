import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AugmentRequest, Engine } from '../../../src/core/engines/engine';
import type { RawImage } from '../../../src/core/image/rawImage';
import { readManifest } from '../../../src/core/jobs/manifestStore';
import { decideItem } from '../../../src/core/jobs/reviewDecisions';
import { runJob } from '../../../src/core/jobs/runJob';
import { makeDataset } from './helpers/makeDataset';
import { planFor, testRecipe } from './helpers/runHelpers';

test('review decisions written while the job runs survive its later manifest writes', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mmp-review-'));
  const dataset = await makeDataset(root, { perClass: 2 });
  const plan = await planFor(dataset, path.join(root, 'out'), testRecipe({ perImage: 1 }));
  let calls = 0;
  // Before generating the third image, a reviewer rejects the first (already in the manifest).
  const engine: Engine = {
    id: 'reviewing',
    async augment(request: AugmentRequest): Promise<RawImage> {
      calls += 1;
      if (calls === 3)
        await decideItem(plan.manifestPath, plan.items[0].id, 'rejected', { note: 'blurry' });
      return request.source;
    },
  };
  // Write the manifest after every item, so the first one is on disk when the reviewer acts.
  const summary = await runJob(plan, { engine, flushEveryItems: 1, flushMaxShare: 1 });
  assert.equal(summary.done, 4);
  const manifest = await readManifest(plan.manifestPath);
  assert.equal(manifest.items.length, 4);
  assert.equal(manifest.items[0]?.status, 'rejected');
  assert.equal(manifest.items[0]?.review?.note, 'blurry');
  assert.ok(manifest.items.slice(1).every((item) => item.status === 'pending'));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { JobEvent } from '../../../src/shared/jobEvents';
import type { AugmentRequest, Engine } from '../../../src/core/engines/engine';
import type { RawImage } from '../../../src/core/image/rawImage';
import { runJob } from '../../../src/core/jobs/runJob';
import { readManifest } from '../../../src/core/jobs/manifestStore';
import { makeDataset } from './helpers/makeDataset';
import { planFor, testRecipe } from './helpers/runHelpers';

/** An engine that batches: it records every call and returns the source with its seed stamped in. */
class RecordingBatchEngine implements Engine {
  readonly id = 'recording';
  readonly batches: AugmentRequest[][] = [];
  readonly singles: AugmentRequest[] = [];
  constructor(private readonly failLabel?: string) {}

  augment(request: AugmentRequest): Promise<RawImage> {
    this.singles.push(request);
    return Promise.resolve(stamp(request));
  }

  augmentBatch(requests: AugmentRequest[]): Promise<RawImage[]> {
    this.batches.push(requests);
    if (requests[0]?.label === this.failLabel) return Promise.reject(new Error('out of memory'));
    return Promise.resolve(requests.map(stamp));
  }
}

function stamp(request: AugmentRequest): RawImage {
  const data = Uint8Array.from(request.source.data);
  data[0] = request.seed % 256;
  return { ...request.source, data };
}

test("a batching engine gets each source's k items in one call, with the target domain's name", async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mmp-batch-'));
  const dataset = await makeDataset(root, { perClass: 2, targets: 4 });
  const engine = new RecordingBatchEngine();
  const plan = await planFor(dataset, path.join(root, 'out'), testRecipe({ perImage: 3 }));
  const summary = await runJob(plan, { engine });
  assert.equal(summary.done, 12);
  assert.equal(engine.singles.length, 0);
  assert.equal(engine.batches.length, 4, 'one call per source');
  for (const batch of engine.batches) {
    assert.equal(batch.length, 3);
    assert.equal(
      new Set(batch.map((r) => r.source)).size,
      1,
      'the source is decoded once and shared',
    );
    assert.equal(new Set(batch.map((r) => r.target)).size, 3, 'each k has its own target');
    assert.ok(batch.every((r) => r.targetName === 'target'));
  }
});

test('a failing batch fails only its own items; an unreadable target fails only its item', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mmp-batch-'));
  const dataset = await makeDataset(root, { perClass: 1, targets: 3 });
  writeFileSync(path.join(dataset.target, 't_1.png'), 'not an image');
  const engine = new RecordingBatchEngine('malignant');
  const events: JobEvent[] = [];
  // Three augmentations over three targets: every source uses the unreadable one exactly once.
  const plan = await planFor(dataset, path.join(root, 'out'), testRecipe({ perImage: 3 }));
  const summary = await runJob(plan, { engine, onEvent: (e) => events.push(e) });
  const manifest = await readManifest(plan.manifestPath);
  for (const item of manifest.items) {
    if (item.target?.endsWith('t_1.png'))
      assert.match(item.error ?? '', /^target \[notAnImage\]: .*t_1\.png/);
    else if (item.label === 'malignant')
      assert.match(item.error ?? '', /^engine recording: out of memory/);
    else assert.equal(item.status, 'pending');
  }
  assert.deepEqual([summary.done, summary.failed], [2, 4]);
  assert.equal(
    engine.batches.length,
    2,
    'the two readable targets of each source went as one batch',
  );
  assert.equal(events.filter((e) => e.type === 'itemStarted').length, 6);
});

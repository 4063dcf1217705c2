import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { JobEvent } from '../../../src/shared/jobEvents';
import type { AugmentRequest, Engine } from '../../../src/core/engines/engine';
import type { RawImage } from '../../../src/core/image/rawImage';
import { readManifest } from '../../../src/core/jobs/manifestStore';
import { runJob } from '../../../src/core/jobs/runJob';
import { makeDataset } from './helpers/makeDataset';
import { planFor, testRecipe, withoutRunTimes } from './helpers/runHelpers';
import { freshTempDirs } from '../helpers/tempDir';

const fresh = freshTempDirs('pipelined');

/**
 * Stands in for the Stable Diffusion engine in the inference worker (its registry id): each
 * batch waits until the test lets it finish, as a batch waits for its denoising steps.
 */
class GatedWorkerEngine implements Engine {
  readonly id = 'diffusion';
  readonly calls: string[] = [];
  private readonly gates: Array<() => void> = [];
  private readonly called: Array<() => void> = [];

  augment(request: AugmentRequest): Promise<RawImage> {
    return this.augmentBatch([request]).then(([image]) => image);
  }

  augmentBatch(requests: AugmentRequest[]): Promise<RawImage[]> {
    this.calls.push(requests[0]?.label ?? '');
    this.called.shift()?.();
    return new Promise((resolve) => {
      this.gates.push(() => resolve(requests.map((r) => ({ ...r.source }))));
    });
  }

  /** Resolves when the engine has been called `count` times in all. */
  async calledTimes(count: number): Promise<void> {
    while (this.calls.length < count) await new Promise<void>((r) => this.called.push(r));
  }

  /** Lets the oldest waiting batch finish. */
  release(): void {
    this.gates.shift()?.();
  }
}

test('with an engine in the inference worker, the next source is read while the current one computes', async () => {
  const root = fresh();
  const dataset = await makeDataset(root, { perClass: 2 });
  const plan = await planFor(dataset, path.join(root, 'out'), testRecipe({ perImage: 2 }));
  const engine = new GatedWorkerEngine();
  const events: JobEvent[] = [];
  const run = runJob(plan, { engine, onEvent: (event) => events.push(event) });
  await engine.calledTimes(2);
  // The first batch is still computing: the second source was decoded and handed over already.
  const started = events.flatMap((e) => (e.type === 'itemStarted' ? [e.index] : []));
  assert.deepEqual(started.sort(), [0, 1, 2, 3]);
  assert.equal(events.filter((e) => e.type === 'itemDone').length, 0);
  for (let i = 0; i < 4; i++) {
    engine.release();
    await engine.calledTimes(Math.min(4, i + 3));
  }
  const summary = await run;
  assert.equal(summary.done, 8);
  // The worker got the sources in plan order.
  assert.deepEqual(engine.calls, ['benign', 'benign', 'malignant', 'malignant']);
  // Commits keep the plan's order.
  assert.deepEqual(
    events.flatMap((e) => (e.type === 'itemDone' ? [e.index] : [])),
    [0, 1, 2, 3, 4, 5, 6, 7],
  );
  assert.deepEqual(
    (await readManifest(plan.manifestPath)).items.map((item) => item.id),
    plan.items.map((item) => item.id),
  );
});

test('pipelined runs write what one-at-a-time runs write', async () => {
  const root = fresh();
  const dataset = await makeDataset(root, { perClass: 3 });
  const release = (engine: GatedWorkerEngine): Engine => ({
    id: engine.id,
    augment: (r) => {
      const result = engine.augment(r);
      engine.release();
      return result;
    },
    augmentBatch: (rs) => {
      const result = engine.augmentBatch(rs);
      engine.release();
      return result;
    },
  });
  const pipelined = path.join(root, 'pipelined');
  await runJob(await planFor(dataset, pipelined), { engine: release(new GatedWorkerEngine()) });
  const inline = path.join(root, 'inline');
  const oneAtATime: Engine = { ...release(new GatedWorkerEngine()), id: 'not-in-the-registry' };
  await runJob(await planFor(dataset, inline), { engine: oneAtATime });
  const read = async (dir: string): Promise<unknown> =>
    withoutRunTimes(await readManifest(path.join(dir, 'maskmedpaint.json')));
  assert.deepEqual(await read(pipelined), await read(inline));
});

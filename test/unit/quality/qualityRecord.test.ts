import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { CompositeEngine } from '../../../src/core/engines/composite/compositeEngine';
import type { AugmentRequest, Engine } from '../../../src/core/engines/engine';
import { readImage } from '../../../src/core/image/io';
import type { RawImage } from '../../../src/core/image/rawImage';
import { readManifest } from '../../../src/core/jobs/manifestStore';
import { runJob } from '../../../src/core/jobs/runJob';
import { freshTempDirs } from '../helpers/tempDir';
import { makeDataset } from '../jobs/helpers/makeDataset';
import { planFor, testRecipe } from '../jobs/helpers/runHelpers';

const fresh = freshTempDirs('quality');

/**
 * A model-like engine: the composite's output, except for the seeds listed, which give a black
 * image or throw the diffusion pipeline's NonFiniteError (as the worker reports it).
 */
class FlakyEngine implements Engine {
  readonly id = 'flaky';
  readonly seeds: number[] = [];
  private readonly inner = new CompositeEngine();
  constructor(private readonly bad: (seed: number) => 'black' | 'nan' | null) {}
  async augment(request: AugmentRequest): Promise<RawImage> {
    this.seeds.push(request.seed);
    const kind = this.bad(request.seed);
    if (kind === 'nan') {
      const error = new Error('Decoded pixels contain NaN or infinity.');
      error.name = 'NonFiniteError';
      throw error;
    }
    const image = await this.inner.augment(request);
    return kind === 'black' ? { ...image, data: new Uint8Array(image.data.length) } : image;
  }
}

async function run(bad: (seed: number, first: number) => 'black' | 'nan' | null) {
  const root = fresh();
  const dataset = await makeDataset(root, { perClass: 1, classes: ['benign'] });
  const plan = await planFor(dataset, path.join(root, 'out'), testRecipe({ perImage: 1 }));
  const first = plan.items[0]?.seed ?? 0;
  const engine = new FlakyEngine((seed) => bad(seed, first));
  const summary = await runJob(plan, { engine });
  const manifest = await readManifest(plan.manifestPath);
  return { root, plan, first, engine, summary, item: manifest.items[0] };
}

test('every item records its quality and a region overlay (kept exactly, blend band)', async () => {
  const { plan, item } = await run(() => null);
  const quality = item?.quality;
  assert.ok(quality);
  assert.equal(quality.keptExact, 1);
  assert.equal(typeof quality.seam, 'number');
  assert.equal(typeof quality.ssimTarget, 'number');
  assert.equal(typeof quality.ssimSource, 'number');
  assert.equal(quality.rejected, undefined);
  assert.equal(quality.regions, 'regions/benign/img_0__k0.png');
  const overlay = await readImage(path.join(plan.outDir, 'regions', 'benign', 'img_0__k0.png'));
  assert.equal(overlay.channels, 4);
  const colours = new Set<string>();
  for (let p = 0; p < overlay.width * overlay.height; p++)
    colours.add(Array.from(overlay.data.subarray(p * 4, p * 4 + 4)).join(','));
  assert.deepEqual([...colours].sort(), ['0,0,0,0', '0,200,90,255', '255,140,0,255']);
});

test('a black output is regenerated with the seed + 100 and the rejected seed is recorded', async () => {
  const { first, engine, summary, item } = await run((seed, firstSeed) =>
    seed === firstSeed ? 'black' : null,
  );
  assert.equal(summary.done, 1);
  assert.deepEqual(engine.seeds, [first, first + 100]);
  assert.equal(item?.seed, first, 'the planned seed stays the item seed');
  assert.equal(item?.quality?.seedUsed, first + 100);
  assert.equal(item?.quality?.rejected?.length, 1);
  assert.match(item?.quality?.rejected?.[0]?.reason ?? '', /^black image/);
});

test('NaN outputs are retried too; after three rejected attempts the item fails naming each seed', async () => {
  const { first, engine, summary, item, plan } = await run((seed, firstSeed) =>
    seed === firstSeed ? 'nan' : 'black',
  );
  assert.equal(summary.failed, 1);
  assert.deepEqual(engine.seeds, [first, first + 100, first + 200]);
  assert.equal(item?.status, 'failed');
  const error = item?.error ?? '';
  assert.match(error, /output check: 3 attempt\(s\) rejected/);
  assert.match(error, new RegExp(`seed ${first}: NaN or infinite values`));
  assert.match(error, new RegExp(`seed ${first + 200}: black image`));
  assert.equal(existsSync(path.join(plan.outDir, 'images', 'benign', 'img_0__k0.png')), false);
});

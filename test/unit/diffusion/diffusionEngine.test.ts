import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { AugmentRequest, EngineProgress } from '../../../src/core/engines/engine';
import { locateModel } from '../../../src/core/engines/locateModel';
import { engineDescriptor } from '../../../src/core/engines/registry';
import { prepareKeyRegion } from '../../../src/core/image/prepareKeyRegion';
import { defaultRecipe } from '../../../src/core/recipe/defaults';
import { WorkerClient } from '../../../src/worker/client';
import { RemoteEngine } from '../../../src/worker/remoteEngine';
import { WorkerEngineHost } from '../../../src/worker/workerEngineHost';
import { fixtureImage, modelDir } from './sdFixtures';

const scratch = mkdtempSync(join(tmpdir(), 'mmp-engine-'));
const logs: string[] = [];
const client = new WorkerClient();
/** The diffusion engine as the CLI sees it: a remote engine on the worker's diffusion engine. */
const engine = new RemoteEngine(
  { engine: 'diffusion', model: modelDir('optimum-4ch'), executionProvider: 'cpu' },
  client,
  engineDescriptor('diffusion').batches,
);
after(async () => {
  await client.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

function request(seed: number): AugmentRequest {
  const source = fixtureImage();
  const mask = new Uint8Array(source.width * source.height);
  for (let y = 16; y < 48; y++) mask.fill(1, y * source.width + 16, y * source.width + 48);
  const { keyMask, keyAlpha } = prepareKeyRegion(
    { width: 64, height: 64, data: mask },
    { marginPx: 0, blurFactor: 0, featherPx: 2 },
  );
  const recipe = defaultRecipe();
  recipe.diffusion = {
    ...recipe.diffusion,
    steps: 3,
    strength: 0.8,
    scheduler: 'ddim',
    executionProvider: 'cpu',
  };
  return { source, keyMask, keyAlpha, label: 'benign', seed, recipe };
}

describe('DiffusionEngine', () => {
  it('augments through the worker: source size, key region kept, progress, provider described', async () => {
    assert.match(engine.describe(), /not loaded yet/);
    const progress: EngineProgress[] = [];
    const input = request(4);
    const image = await engine.augment(input, (p) => progress.push(p));
    assert.equal(image.width, 64);
    assert.equal(image.channels, 3);
    for (let p = 0; p < 64 * 64; p++) {
      if (input.keyAlpha.data[p] === 1) assert.equal(image.data[p * 3], input.source.data[p * 3]);
    }
    assert.ok(
      progress.some((p) => p.kind === 'loading'),
      'the worker loaded the model first',
    );
    assert.ok(progress.some((p) => p.kind === 'denoising'));
    assert.match(engine.describe(), /^diffusion on cpu .*worker pid \d+$/);
    assert.equal(engine.executionBackend().executionProvider, 'cpu');
  });

  it('is started by the worker host with its model loaded, the provider logged once', async () => {
    const started = await new WorkerEngineHost(client, (m) => logs.push(m)).start(
      engineDescriptor('diffusion'),
      { path: modelDir('optimum-4ch'), id: 'optimum-4ch' },
      { executionProvider: 'cpu' },
    );
    assert.match(started.describe?.() ?? '', /^diffusion on cpu/, 'loaded before any item');
    await started.augment(request(4));
    await started.augment(request(5));
    assert.equal(logs.length, 1, 'the provider is logged once');
    assert.match(logs[0], /^diffusion: .*optimum-4ch on cpu.* in worker pid \d+$/);
    assert.equal(Number(/worker pid (\d+)/.exec(logs[0])?.[1]), client.pid);
  });

  it('runs the k augmentations of one source as one batch, each as its own seed gives alone', async () => {
    const first = request(4);
    const second = { ...first, seed: 9 };
    const [a, b] = await engine.augmentBatch!([first, second]);
    const alone = await engine.augment(second);
    assert.notDeepEqual(a.data, b.data);
    let maxDiff = 0;
    for (let i = 0; i < b.data.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs(b.data[i] - alone.data[i]));
    assert.ok(maxDiff <= 1, `batched vs alone differ by ${maxDiff}`);
  });

  it('forwards the target name to the worker so {target} in the prompt renders', async () => {
    const withPrompt = (prompt: string, targetName?: string): AugmentRequest => {
      const base = request(5);
      base.recipe.diffusion = { ...base.recipe.diffusion, prompt, guidanceScale: 7.5 };
      return targetName === undefined ? base : { ...base, targetName };
    };
    const template = 'a radiograph from dataset {target} with conditions';
    const chexpert = await engine.augment(withPrompt(template, 'chexpert'));
    const literal = await engine.augment(
      withPrompt('a radiograph from dataset chexpert with conditions'),
    );
    const mimic = await engine.augment(withPrompt(template, 'mimic'));
    assert.deepEqual(chexpert.data, literal.data, '{target} rendered as the target name');
    assert.notDeepEqual(chexpert.data, mimic.data, 'the target name reaches the text encoder');
  });

  it('refuses a batch that mixes sources', async () => {
    await assert.rejects(engine.augmentBatch!([request(1), request(2)]), /same source/);
  });
});

describe('locating a diffusion model', () => {
  const sd = engineDescriptor('diffusion').model!;
  it('takes a folder path, or finds a catalog id under the search paths', async () => {
    assert.equal(
      (await locateModel('diffusion', sd, modelDir('legacy-9ch'), [])).path,
      modelDir('legacy-9ch'),
    );
    mkdirSync(join(scratch, 'models', 'sd15-inpainting'), { recursive: true });
    assert.deepEqual(
      await locateModel('diffusion', sd, 'sd15-inpainting', [join(scratch, 'models')]),
      {
        path: join(scratch, 'models', 'sd15-inpainting'),
        id: 'sd15-inpainting',
      },
    );
    await assert.rejects(
      locateModel('diffusion', sd, 'nowhere', [join(scratch, 'models')]),
      /model folder not found: nowhere/,
    );
    await assert.rejects(locateModel('diffusion', sd, '', []), /needs a model/);
  });
});

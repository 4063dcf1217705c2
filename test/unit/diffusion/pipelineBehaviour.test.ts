import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  InpaintPipeline,
  type InpaintOptions,
  type PipelineEvent,
} from '../../../src/core/engines/diffusion/pipeline';
import { GaussianGenerator } from '../../../src/core/engines/diffusion/random';
import { imageToTensor, NonFiniteError } from '../../../src/core/engines/diffusion/tensors';
import { compareFloat32 } from './float32Tolerance';
import { fixtureImage, fixtureMask, maxAbsDiff, modelDir } from './sdFixtures';

const pipeline = new InpaintPipeline(modelDir('optimum-9ch'), {
  executionProvider: 'cpu',
  intraOpThreads: 1,
});
after(() => pipeline.dispose());

function options(seeds: number[], extra: Partial<InpaintOptions> = {}): InpaintOptions {
  return {
    prompt: 'a dermoscopic image of benign skin lesion',
    negativePrompt: '',
    steps: 6,
    strength: 1,
    guidanceScale: 7.5,
    scheduler: 'eulerAncestral',
    items: seeds.map((seed) => ({
      image: imageToTensor(fixtureImage()),
      mask: fixtureMask(),
      noise: new GaussianGenerator(seed),
    })),
    ...extra,
  };
}

async function collect(run: AsyncGenerator<PipelineEvent, void>): Promise<PipelineEvent[]> {
  const events: PipelineEvent[] = [];
  for await (const event of run) events.push(event);
  return events;
}

function done(events: PipelineEvent[]): Extract<PipelineEvent, { kind: 'done' }> {
  const last = events.at(-1);
  assert.ok(last && last.kind === 'done');
  return last;
}

describe('InpaintPipeline behaviour', () => {
  it('reports typed progress in order: loading, prompt, every step, decoding, done', async () => {
    const kinds = (await collect(pipeline.run(options([1])))).map((e) =>
      e.kind === 'denoising' ? `step ${e.step}/${e.total}` : e.kind,
    );
    assert.deepEqual(kinds, [
      'loading',
      'encodingPrompt',
      ...[1, 2, 3, 4, 5, 6].map((s) => `step ${s}/6`),
      'decoding',
      'done',
    ]);
  });

  it('is deterministic for a seed, and different seeds give different images', async () => {
    const a = done(await collect(pipeline.run(options([7]))));
    const b = done(await collect(pipeline.run(options([7]))));
    const c = done(await collect(pipeline.run(options([8]))));
    assert.deepEqual(a.images[0].data, b.images[0].data);
    assert.deepEqual(a.latents, b.latents);
    assert.ok(maxAbsDiff(a.latents, c.latents) > 1e-2);
  });

  it('batches several augmentations in one UNet call with the same result as one at a time', async () => {
    const batched = done(await collect(pipeline.run(options([11, 12]))));
    const single = done(await collect(pipeline.run(options([12]))));
    assert.equal(batched.images.length, 2);
    const secondLatents = batched.latents.subarray(batched.latents.length / 2);
    // A batch of two goes through other kernel blockings than a batch of one: float32 rounding apart.
    const latents = compareFloat32(secondLatents, single.latents);
    assert.ok(latents.ok, latents.describe);
    assert.ok(maxAbsDiff(batched.images[1].data, single.images[0].data) <= 1);
  });

  it('stops before the next step when cancelled mid-run', async () => {
    const controller = new AbortController();
    const seen: PipelineEvent[] = [];
    await assert.rejects(
      (async () => {
        for await (const event of pipeline.run(options([3], { signal: controller.signal }))) {
          seen.push(event);
          if (event.kind === 'denoising' && event.step === 2) controller.abort();
        }
      })(),
      (error: unknown) => error instanceof Error && error.name === 'AbortError',
    );
    assert.deepEqual(
      seen.filter((e) => e.kind === 'denoising').map((e) => (e.kind === 'denoising' ? e.step : 0)),
      [1, 2],
    );
    assert.ok(!seen.some((e) => e.kind === 'done' || e.kind === 'decoding'));
  });

  it('fails with a clear error instead of a black image when latents become NaN (fp16 overflow)', async () => {
    const item = {
      image: imageToTensor(fixtureImage()),
      mask: fixtureMask(),
      noise: new GaussianGenerator(1),
      latents: new Float32Array(4 * 8 * 8).fill(NaN),
    };
    await assert.rejects(
      collect(pipeline.run(options([1], { items: [item] }))),
      (error: unknown) => {
        assert.ok(error instanceof NonFiniteError);
        assert.match(error.message, /float16/);
        return true;
      },
    );
  });

  it('rejects settings that leave nothing to do', async () => {
    await assert.rejects(
      collect(pipeline.run(options([1], { strength: 0.1, steps: 5 }))),
      /no denoising step/,
    );
    await assert.rejects(collect(pipeline.run(options([1], { strength: 0 }))), /strength/);
  });
});

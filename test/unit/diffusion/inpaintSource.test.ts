import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  inpaintSource,
  MAX_BATCH_ITEMS,
  processingSize,
  type SourceJob,
} from '../../../src/core/engines/diffusion/inpaintImage';
import { InpaintPipeline } from '../../../src/core/engines/diffusion/pipeline';
import type { EngineProgress } from '../../../src/core/engines/engine';
import { prepareKeyRegion } from '../../../src/core/image/prepareKeyRegion';
import type { BinaryMask, RawImage } from '../../../src/core/image/rawImage';
import { defaultRecipe } from '../../../src/core/recipe/defaults';
import { modelDir } from './sdFixtures';

const pipeline = new InpaintPipeline(modelDir('optimum-4ch'), {
  executionProvider: 'cpu',
  intraOpThreads: 1,
});
after(() => pipeline.dispose());

/** A 70x50 greyscale-with-alpha-free RGB source (not a multiple of 8) with a rectangular key region. */
function source(): { image: RawImage; keyMask: BinaryMask } {
  const width = 70;
  const height = 50;
  const data = new Uint8Array(width * height * 3);
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      data.set([(x * 3) & 255, (y * 5) & 255, (x * y) & 255], p * 3);
      mask[p] = x >= 20 && x < 45 && y >= 12 && y < 38 ? 1 : 0;
    }
  }
  return {
    image: { width, height, channels: 3, bitDepth: 8, data },
    keyMask: { width, height, data: mask },
  };
}

async function run(job: SourceJob): Promise<{ images: RawImage[]; events: EngineProgress[] }> {
  const events: EngineProgress[] = [];
  const generator = inpaintSource(pipeline, job);
  let next = await generator.next();
  while (!next.done) {
    events.push(next.value);
    next = await generator.next();
  }
  return { images: next.value, events };
}

function job(resolution: 'model' | 'source', pasteBack: boolean): SourceJob {
  const { image, keyMask } = source();
  const recipe = defaultRecipe();
  recipe.diffusion = {
    ...recipe.diffusion,
    steps: 4,
    strength: 0.75,
    resolution,
    pasteBack,
    prompt: 'a photo of {class}',
    scheduler: 'ddim',
  };
  const { keyMask: key, keyAlpha } = prepareKeyRegion(keyMask, {
    marginPx: 0,
    blurFactor: 0,
    featherPx: 3,
  });
  return {
    source: image,
    keyMask: key,
    keyAlpha,
    label: 'lesion',
    recipe,
    items: [{ seed: 5 }, { seed: 6 }],
  };
}

describe('inpaintSource (source size in, source size out)', () => {
  it('processes at the model size or the source floored to a multiple of 8', () => {
    assert.deepEqual(processingSize('model', { width: 70, height: 50 }, 512, 8), {
      width: 512,
      height: 512,
    });
    assert.deepEqual(processingSize('source', { width: 70, height: 50 }, 512, 8), {
      width: 64,
      height: 48,
    });
    assert.deepEqual(processingSize('source', { width: 5, height: 9 }, 512, 8), {
      width: 8,
      height: 8,
    });
  });

  for (const resolution of ['model', 'source'] as const) {
    it(`keeps the key region bit-identical with paste-back (resolution '${resolution}')`, async () => {
      const input = job(resolution, true);
      const { images, events } = await run(input);
      assert.equal(images.length, 2);
      assert.ok(events.some((e) => e.kind === 'denoising'));
      for (const image of images) {
        assert.equal(image.width, 70);
        assert.equal(image.height, 50);
        assert.equal(image.channels, 3);
        let kept = 0;
        let changedOutside = 0;
        for (let p = 0; p < 70 * 50; p++) {
          const same = [0, 1, 2].every(
            (c) => image.data[p * 3 + c] === input.source.data[p * 3 + c],
          );
          if (input.keyAlpha.data[p] === 1) {
            assert.ok(same, `key pixel ${p} changed`);
            kept++;
          } else if (input.keyAlpha.data[p] === 0 && !same) changedOutside++;
        }
        assert.ok(kept > 300, 'the key region is not empty');
        assert.ok(changedOutside > 1000, 'the outside was regenerated');
      }
      assert.notDeepEqual(images[0].data, images[1].data, 'two seeds, two images');
    });
  }

  it('runs more than MAX_BATCH_ITEMS augmentations in chunks, in order, each as its seed gives alone', async () => {
    const many = job('source', true);
    const seeds = Array.from({ length: MAX_BATCH_ITEMS + 1 }, (_, i) => 30 + i);
    const { images } = await run({ ...many, items: seeds.map((seed) => ({ seed })) });
    assert.equal(images.length, seeds.length);
    const last = await run({ ...many, items: [{ seed: seeds.at(-1)! }] });
    let maxDiff = 0;
    for (let i = 0; i < last.images[0].data.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(images.at(-1)!.data[i] - last.images[0].data[i]));
    }
    assert.ok(maxDiff <= 1, `chunked vs alone differ by ${maxDiff}`);
  });

  it('a source whose latents the UNet cannot halve evenly runs at the floored size, not into a Concat error', async () => {
    // 72 px: 9 latents, which the tiny UNet (one down-sampling) cannot take; processed at 64 px.
    const size = 72;
    const data = new Uint8Array(size * size * 3).map((_, i) => (i * 7) & 255);
    const keyMask = new Uint8Array(size * size).map((_, p) => (p % size < 30 ? 1 : 0));
    const { keyMask: key, keyAlpha } = prepareKeyRegion(
      { width: size, height: size, data: keyMask },
      { marginPx: 0, blurFactor: 0, featherPx: 0 },
    );
    const input = job('source', true);
    const { images } = await run({
      ...input,
      source: { width: size, height: size, channels: 3, bitDepth: 8, data },
      keyMask: key,
      keyAlpha,
      items: [{ seed: 1 }],
    });
    assert.equal(images[0].width, size);
    assert.equal(images[0].height, size);
  });

  it('without paste-back the VAE round trip alters the key region (why paste-back exists)', async () => {
    const input = job('source', false);
    const { images } = await run(input);
    let differing = 0;
    for (let p = 0; p < 70 * 50; p++) {
      if (input.keyAlpha.data[p] === 1 && image3(images[0], p) !== image3(input.source, p))
        differing++;
    }
    assert.ok(differing > 0);
  });
});

function image3(image: RawImage, p: number): string {
  return `${image.data[p * 3]},${image.data[p * 3 + 1]},${image.data[p * 3 + 2]}`;
}

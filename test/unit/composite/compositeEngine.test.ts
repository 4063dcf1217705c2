import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CompositeEngine } from '../../../src/core/engines/composite/compositeEngine';
import {
  compositeFitted,
  compositeOntoTarget,
} from '../../../src/core/engines/composite/compositeOntoTarget';
import type { AugmentRequest } from '../../../src/core/engines/engine';
import type { RawImage } from '../../../src/core/image/rawImage';
import type { Recipe } from '../../../src/shared/recipe';
import { defaultRecipe } from '../../../src/core/recipe/defaults';
import { discMask, keyRegion, paintDisc, regionStats, texturedImage } from './scenes';

const W = 96;
const H = 80;

function recipeWith(composite: Recipe['composite']): Recipe {
  return { ...defaultRecipe(), engine: 'composite', composite };
}

function assertCoreIdentical(out: RawImage, source: RawImage, alpha: Float32Array): number {
  assert.equal(out.width, source.width);
  assert.equal(out.height, source.height);
  assert.equal(out.channels, source.channels);
  assert.equal(out.bitDepth, source.bitDepth);
  assert.equal(out.data.constructor, source.data.constructor);
  let core = 0;
  for (let p = 0; p < alpha.length; p++) {
    if (alpha[p] < 1) continue;
    core++;
    for (let c = 0; c < source.channels; c++) {
      const i = p * source.channels + c;
      if (out.data[i] !== source.data[i])
        assert.fail(`core pixel ${p} channel ${c}: ${out.data[i]} != ${source.data[i]}`);
    }
  }
  return core;
}

describe('composite engine: key-region guarantee', () => {
  for (const [channels, bits] of [
    [3, 8],
    [1, 16],
  ] as const) {
    for (const blend of ['alpha', 'poisson'] as const) {
      it(`${bits}-bit ${channels === 3 ? 'RGB' : 'grey'}, ${blend} blend with harmonize: core is bit-identical, outside changed`, async () => {
        const source = texturedImage(W, H, channels, bits, 0.7, 1);
        // The target differs in size and format on purpose (fitted inside).
        const target = texturedImage(130, 90, 3, 8, 0.3, 2);
        const { keyMask, keyAlpha } = keyRegion(discMask(W, H, 40, 38, 22), 4);
        const out = await compositeOntoTarget(
          { source, keyMask, keyAlpha, target },
          { blend, harmonize: true, fillTargetKeyRegion: true, seed: 5 },
        );
        const core = assertCoreIdentical(out, source, keyAlpha.data);
        assert.ok(core > 500, 'the test has a real core');
        const far = new Uint8Array(W * H);
        far[(H - 3) * W + W - 3] = 1;
        assert.ok(
          regionStats(out, far).mean < regionStats(source, far).mean * 0.7,
          'background comes from the target',
        );
      });
    }
  }
});

describe('composite engine: behaviour', () => {
  it('is deterministic: same inputs and seed give the same bytes (fill grain included)', async () => {
    const run = (): Promise<RawImage> => {
      const target = texturedImage(W, H, 3, 8, 0.3, 2);
      paintDisc(target, 70, 20, 10, 0.95);
      const { keyMask, keyAlpha } = keyRegion(discMask(W, H, 30, 40, 15), 3);
      return compositeOntoTarget(
        {
          source: texturedImage(W, H, 3, 8, 0.6, 1),
          keyMask,
          keyAlpha,
          target,
          targetKeyMask: discMask(W, H, 70, 20, 10),
        },
        { blend: 'poisson', harmonize: true, fillTargetKeyRegion: true, seed: 42 },
      );
    };
    const [a, b] = [await run(), await run()];
    assert.deepEqual(Buffer.from(a.data.buffer), Buffer.from(b.data.buffer));
  });

  it("fills the target's own bright lesion so no trace of it remains", async () => {
    const width = 120;
    const height = 120;
    const target = texturedImage(width, height, 3, 8, 0.35, 3);
    const blob = discMask(width, height, 85, 40, 16);
    const ring = discMask(width, height, 85, 40, 30).data.map((v, i) =>
      v && !blob.data[i] ? 1 : 0,
    );
    const before = regionStats(target, ring);
    paintDisc(target, 85, 40, 16, 0.95);
    const { keyMask, keyAlpha } = keyRegion(discMask(width, height, 30, 85, 14), 2);
    const source = texturedImage(width, height, 3, 8, 0.6, 4);
    const filled = await compositeOntoTarget(
      { source, keyMask, keyAlpha, target, targetKeyMask: blob },
      { blend: 'alpha', harmonize: false, fillTargetKeyRegion: true, seed: 7 },
    );
    const inside = regionStats(filled, blob.data);
    assert.ok(
      Math.abs(inside.mean - before.mean) < 4,
      `blob mean ${inside.mean} vs surroundings ${before.mean}`,
    );
    assert.ok(
      inside.std < before.std * 1.6 && inside.std > before.std * 0.4,
      `texture std ${inside.std} vs ${before.std}`,
    );
    const kept = await compositeOntoTarget(
      { source, keyMask, keyAlpha, target, targetKeyMask: blob },
      { blend: 'alpha', harmonize: false, fillTargetKeyRegion: false, seed: 7 },
    );
    assert.ok(
      regionStats(kept, blob.data).mean > 200,
      'without the fill the lesion is still there',
    );
  });

  it('poisson blending removes the step at the seam that alpha blending leaves', () => {
    const source = texturedImage(W, H, 1, 8, 0.8, 1);
    const target = texturedImage(W, H, 1, 8, 0.2, 2);
    const { keyMask, keyAlpha } = keyRegion(discMask(W, H, 48, 40, 20), 0);
    const stepAcrossSeam = (image: RawImage): number => {
      // Largest horizontal jump on row 40 between x = 20 and x = 32 (seam at x = 28).
      let worst = 0;
      for (let x = 20; x < 32; x++)
        worst = Math.max(worst, Math.abs(image.data[40 * W + x + 1] - image.data[40 * W + x]));
      return worst;
    };
    const alpha = compositeFitted(source, keyMask, keyAlpha, target, {
      blend: 'alpha',
      harmonize: false,
    });
    const poisson = compositeFitted(source, keyMask, keyAlpha, target, {
      blend: 'poisson',
      harmonize: false,
      bandPx: 12,
    });
    assert.ok(stepAcrossSeam(alpha) > 120, `alpha step ${stepAcrossSeam(alpha)}`);
    assert.ok(stepAcrossSeam(poisson) < 40, `poisson step ${stepAcrossSeam(poisson)}`);
  });

  it('CompositeEngine refuses a request without a target, clearly', async () => {
    const source = texturedImage(8, 8, 1, 8, 0.5, 1);
    const { keyMask, keyAlpha } = keyRegion(discMask(8, 8, 4, 4, 2), 0);
    const request: AugmentRequest = {
      source,
      keyMask,
      keyAlpha,
      label: 'benign',
      seed: 1,
      recipe: recipeWith({ blend: 'alpha', harmonize: false, fillTargetKeyRegion: false }),
    };
    await assert.rejects(new CompositeEngine().augment(request), /needs a target-domain image/);
  });

  it('CompositeEngine reports progress and honours the recipe', async () => {
    const source = texturedImage(W, H, 3, 8, 0.7, 1);
    const { keyMask, keyAlpha } = keyRegion(discMask(W, H, 40, 40, 20), 2);
    const phases: string[] = [];
    const out = await new CompositeEngine().augment(
      {
        source,
        keyMask,
        keyAlpha,
        target: texturedImage(W, H, 3, 8, 0.2, 9),
        label: 'x',
        seed: 3,
        recipe: recipeWith({ blend: 'poisson', harmonize: false, fillTargetKeyRegion: false }),
      },
      (p) => phases.push(p.kind),
    );
    assert.deepEqual(phases, ['compositing']);
    assertCoreIdentical(out, source, keyAlpha.data);
  });

  it('an empty key region gives the fitted target, a full one gives the source', async () => {
    const source = texturedImage(W, H, 3, 8, 0.7, 1);
    const target = texturedImage(W, H, 3, 8, 0.2, 9);
    for (const blend of ['alpha', 'poisson'] as const) {
      const none = keyRegion(discMask(W, H, -100, -100, 1), 3);
      const outNone = await compositeOntoTarget(
        { source, keyMask: none.keyMask, keyAlpha: none.keyAlpha, target },
        { blend, harmonize: true, fillTargetKeyRegion: false, seed: 1 },
      );
      assert.deepEqual(outNone.data, target.data, `${blend}: empty key region`);
      const all = keyRegion(discMask(W, H, 0, 0, 1000), 3);
      const outAll = await compositeOntoTarget(
        { source, keyMask: all.keyMask, keyAlpha: all.keyAlpha, target },
        { blend, harmonize: true, fillTargetKeyRegion: false, seed: 1 },
      );
      assert.deepEqual(outAll.data, source.data, `${blend}: full key region`);
    }
  });

  it('stops before work when the signal is already aborted', async () => {
    const source = texturedImage(8, 8, 1, 8, 0.5, 1);
    const { keyMask, keyAlpha } = keyRegion(discMask(8, 8, 4, 4, 2), 0);
    const controller = new AbortController();
    controller.abort();
    const request: AugmentRequest = {
      source,
      keyMask,
      keyAlpha,
      target: source,
      label: 'x',
      seed: 1,
      recipe: recipeWith({ blend: 'alpha', harmonize: false, fillTargetKeyRegion: false }),
      signal: controller.signal,
    };
    await assert.rejects(new CompositeEngine().augment(request), { name: 'AbortError' });
  });
});

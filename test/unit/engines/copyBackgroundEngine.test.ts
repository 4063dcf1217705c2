import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compositeOntoTarget } from '../../../src/core/engines/composite/compositeOntoTarget';
import { fitTargetToSource } from '../../../src/core/engines/composite/fitTarget';
import { createEngine } from '../../../src/core/engines/createEngine';
import type { AugmentRequest } from '../../../src/core/engines/engine';
import type { RawImage } from '../../../src/core/image/rawImage';
import { defaultRecipe } from '../../../src/core/recipe/defaults';
import { resolveRecipe } from '../../../src/core/recipe/resolveRecipe';
import { discMask, keyRegion, paintDisc, texturedImage } from '../composite/scenes';

const W = 64;
const H = 48;

/** A request on a textured source with a feathered disc key region and a brighter target. */
function request(source: RawImage, target: RawImage | undefined, recipe = defaultRecipe()) {
  const { keyMask, keyAlpha } = keyRegion(discMask(W, H, 30, 24, 12), 3);
  return {
    source,
    keyMask,
    keyAlpha,
    label: 'lesion',
    seed: 7,
    recipe: { ...recipe, engine: 'copyBackground' },
    ...(target ? { target } : {}),
  } satisfies AugmentRequest;
}

describe('copyBackground engine', () => {
  const engine = createEngine(resolveRecipe(undefined, { engine: 'copyBackground' }));

  it('is the target outside the key region, the source inside, the feathered blend between', async () => {
    const source = texturedImage(W, H, 3, 8, 0.3, 1);
    const target = texturedImage(90, 70, 3, 8, 0.8, 2);
    const input = request(source, target);
    const out = await (await engine).augment(input);
    const background = await fitTargetToSource(target, source);
    let inside = 0;
    let outside = 0;
    for (let p = 0; p < W * H; p++) {
      const a = input.keyAlpha.data[p];
      for (let c = 0; c < 3; c++) {
        const i = p * 3 + c;
        const expected =
          a >= 1
            ? source.data[i]
            : a <= 0
              ? background.data[i]
              : Math.round(a * source.data[i] + (1 - a) * background.data[i]);
        assert.equal(out.data[i], expected, `pixel ${p} channel ${c} (alpha ${a})`);
      }
      if (a >= 1) inside++;
      if (a <= 0) outside++;
    }
    assert.ok(inside > 200 && outside > 1000, 'the scene has a real key region and background');
    assert.deepEqual(out.data, (await (await engine).augment(input)).data, 'deterministic');
  });

  it("ignores the recipe's blending, colour matching and target fill: a fixed baseline", async () => {
    const source = texturedImage(W, H, 3, 8, 0.3, 3);
    const target = texturedImage(W, H, 3, 8, 0.8, 4);
    paintDisc(target, 20, 20, 8, 0.1); // the target's own lesion stays in place
    const dermoscopy = resolveRecipe('dermoscopy', {});
    const input = request(source, target, dermoscopy);
    const targetKeyMask = discMask(W, H, 20, 20, 8);
    const out = await (await engine).augment({ ...input, targetKeyMask });
    const plainComposite = await compositeOntoTarget(
      { source, keyMask: input.keyMask, keyAlpha: input.keyAlpha, target },
      { blend: 'alpha', harmonize: false, fillTargetKeyRegion: false, seed: 7 },
    );
    assert.deepEqual(out.data, plainComposite.data);
  });

  it("keeps the source's format: a 16-bit grey source with an 8-bit RGB target", async () => {
    const source = texturedImage(W, H, 1, 16, 0.4, 5);
    const out = await (await engine).augment(request(source, texturedImage(W, H, 3, 8, 0.6, 6)));
    assert.deepEqual([out.channels, out.bitDepth, out.data.constructor], [1, 16, Uint16Array]);
  });

  it('needs a target exemplar, and stops when cancelled', async () => {
    const source = texturedImage(W, H, 3, 8, 0.3, 1);
    await assert.rejects((await engine).augment(request(source, undefined)), /needs a target/);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      (await engine).augment({ ...request(source, source), signal: controller.signal }),
      { name: 'AbortError' },
    );
  });
});

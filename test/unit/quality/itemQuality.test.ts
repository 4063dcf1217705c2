import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compositeFitted } from '../../../src/core/engines/composite/compositeOntoTarget';
import { prepareKeyRegion } from '../../../src/core/image/prepareKeyRegion';
import { measureItemQuality, sourceQualityReference } from '../../../src/core/quality/itemQuality';
import { discMask, paintDisc, texturedImage } from '../composite/scenes';

const SIZE = 96;

function sourceWithLesion(level: number, seed: number): ReturnType<typeof texturedImage> {
  const source = texturedImage(SIZE, SIZE, 3, 8, level, seed);
  paintDisc(source, 48, 44, 18, 0.3);
  return source;
}

/** A source with its lesion as the key region, prepared with a 3 px feather outside it. */
function lesionScene() {
  const source = sourceWithLesion(0.8, 1);
  const requested = discMask(SIZE, SIZE, 48, 44, 18);
  const { keyMask, keyAlpha } = prepareKeyRegion(requested, {
    marginPx: 0,
    blurFactor: 0,
    featherPx: 3,
    blendSide: 'outside',
  });
  return { source, requested, keyMask, keyAlpha };
}

test("a source's kept reference measures every output of it as a fresh measurement does", async () => {
  const { source, requested, keyMask, keyAlpha } = lesionScene();
  const reference = sourceQualityReference(source, requested);
  for (const [level, seed] of [
    [0.5, 2],
    [0.35, 3],
    [0.6, 4],
  ] as const) {
    const target = texturedImage(SIZE, SIZE, 3, 8, level, seed);
    const output = compositeFitted(source, keyMask, keyAlpha, target, {
      blend: 'ramp',
      harmonize: false,
    });
    const inputs = { source, output, requested, keyMask, keyAlpha, seamBandPx: 8, target };
    const fresh = await measureItemQuality(inputs);
    const kept = await measureItemQuality({ ...inputs, reference });
    assert.deepEqual(kept, fresh);
    // The target's statistics are kept per image object: a copy of it is measured afresh, alike.
    const copiedTarget = { ...target, data: target.data.slice() };
    assert.deepEqual(await measureItemQuality({ ...inputs, target: copiedTarget }), fresh);
    assert.ok(fresh.quality.seam !== null && fresh.quality.ssimSource !== null);
    assert.ok(fresh.quality.ssimTarget !== null);
  }
  // A reference made for another source is refused, not silently used.
  const other = sourceQualityReference(sourceWithLesion(0.7, 9), requested);
  await assert.rejects(
    measureItemQuality({
      source,
      output: source,
      requested,
      keyMask,
      keyAlpha,
      seamBandPx: 8,
      reference: other,
    }),
    /reference was made for another source/,
  );
});

test("the target's own key region is left out of the target comparison, and only there", async () => {
  const { source, requested, keyMask, keyAlpha } = lesionScene();
  const target = texturedImage(SIZE, SIZE, 3, 8, 0.5, 2);
  const output = compositeFitted(source, keyMask, keyAlpha, target, {
    blend: 'ramp',
    harmonize: false,
  });
  // Scribble over the output where the target's own "lesion" (its key region) lies: only the
  // target comparison may ignore it, and only when the target's mask is given.
  const targetKeyMask = discMask(SIZE, SIZE, 16, 16, 10);
  const scribbled = { ...output, data: output.data.slice() };
  for (let p = 0; p < targetKeyMask.data.length; p++)
    if (targetKeyMask.data[p] !== 0) scribbled.data.fill(p % 2 === 0 ? 0 : 255, p * 3, p * 3 + 3);
  const inputs = { source, requested, keyMask, keyAlpha, seamBandPx: 8, target };
  const clean = await measureItemQuality({ ...inputs, output });
  const blind = await measureItemQuality({ ...inputs, output: scribbled });
  const masked = await measureItemQuality({ ...inputs, output: scribbled, targetKeyMask });
  const ssim = (measured: typeof clean, key: 'ssimTarget' | 'ssimSource'): number =>
    measured.quality[key] ?? Number.NaN;
  assert.ok(ssim(blind, 'ssimTarget') < ssim(clean, 'ssimTarget') - 0.05, 'the scribble counts');
  assert.ok(
    ssim(masked, 'ssimTarget') > ssim(blind, 'ssimTarget') + 0.05,
    'left out with the mask',
  );
  // The source comparison still sees the scribble (the target's mask is not the source's business).
  assert.equal(ssim(masked, 'ssimSource'), ssim(blind, 'ssimSource'));
  assert.ok(ssim(blind, 'ssimSource') < ssim(clean, 'ssimSource'));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REGION_COLOURS, renderRegionOverlay } from '../../../src/core/image/overlay';
import { prepareKeyRegion } from '../../../src/core/image/prepareKeyRegion';
import { pasteKeyRegion } from '../../../src/core/image/pasteBack';
import {
  BLEND_BAND,
  KEPT_EXACT,
  REGENERATED,
  RegionTemplate,
  regionMap,
} from '../../../src/core/quality/regionMap';
import {
  encodeRegionOverlay,
  RegionOverlayEncoder,
  regionsRelPath,
} from '../../../src/core/quality/regionFile';
import { discMask, texturedImage } from '../composite/scenes';

const SIZE = 64;
const source = texturedImage(SIZE, SIZE, 3, 8, 0.7, 1);
const generated = texturedImage(SIZE, SIZE, 3, 8, 0.3, 2);
const mask = discMask(SIZE, SIZE, 32, 32, 12);
const distance = (p: number): number => Math.hypot((p % SIZE) - 32, Math.floor(p / SIZE) - 32) - 12;

test('blend outside: the whole mask is drawn as kept exactly, the feather and seam band outside it', () => {
  const { keyMask, keyAlpha, requested } = prepareKeyRegion(mask, {
    marginPx: 0,
    blurFactor: 0,
    featherPx: 3,
    blendSide: 'outside',
  });
  const output = pasteKeyRegion(generated, source, keyAlpha);
  const regions = regionMap(output, source, keyMask, requested, keyAlpha, 8);
  for (let p = 0; p < regions.length; p++) {
    if (mask.data[p] !== 0) assert.equal(regions[p], KEPT_EXACT);
    else if (distance(p) < 7) assert.equal(regions[p], BLEND_BAND, `pixel ${p}`);
    else if (distance(p) > 9) assert.equal(regions[p], REGENERATED);
  }
});

test('blend inside: mask pixels the feather changed are drawn as blend band, not as kept', () => {
  const { keyMask, keyAlpha, requested } = prepareKeyRegion(mask, {
    marginPx: 0,
    blurFactor: 0,
    featherPx: 3,
    blendSide: 'inside',
  });
  const output = pasteKeyRegion(generated, source, keyAlpha);
  const regions = regionMap(output, source, keyMask, requested, keyAlpha, 0);
  let bandInMask = 0;
  for (let p = 0; p < regions.length; p++) {
    if (mask.data[p] === 0) assert.equal(regions[p], REGENERATED);
    else if (regions[p] === BLEND_BAND) bandInMask++;
    if (distance(p) < -4) assert.equal(regions[p], KEPT_EXACT);
  }
  assert.ok(bandInMask > 50, `${bandInMask} mask pixels in the band`);
});

test('the overlay image: green kept, orange band, transparent elsewhere; its path mirrors the output', () => {
  const overlay = renderRegionOverlay(Uint8Array.from([KEPT_EXACT, BLEND_BAND, REGENERATED]), 3, 1);
  assert.deepEqual(
    [...overlay.data],
    [...REGION_COLOURS.keptExact, 255, ...REGION_COLOURS.blendBand, 255, 0, 0, 0, 0],
  );
  assert.equal(regionsRelPath('images/benign/ISIC_1__k0.jpg'), 'regions/benign/ISIC_1__k0.png');
});

test("a source's region template gives every output the map made afresh, and knows its inputs", () => {
  const { keyMask, keyAlpha, requested } = prepareKeyRegion(mask, {
    marginPx: 2,
    blurFactor: 0,
    featherPx: 3,
    blendSide: 'inside',
  });
  const template = RegionTemplate.of(source, keyMask, requested, keyAlpha, 8);
  const outputs = [
    pasteKeyRegion(generated, source, keyAlpha),
    pasteKeyRegion(texturedImage(SIZE, SIZE, 3, 8, 0.5, 9), source, keyAlpha),
    // A key pixel changed after the paste: drawn as blend band, not as kept.
    (() => {
      const changed = pasteKeyRegion(generated, source, keyAlpha);
      changed.data[(32 * SIZE + 32) * 3] ^= 1;
      return changed;
    })(),
  ];
  const kinds = new Set<number>();
  for (const output of outputs) {
    const regions = template.regionsOf(output);
    assert.deepEqual(regions, regionMap(output, source, keyMask, requested, keyAlpha, 8));
    for (const r of regions) kinds.add(r);
  }
  assert.deepEqual([...kinds].sort(), [REGENERATED, BLEND_BAND, KEPT_EXACT]);
  assert.equal(template.matches(source, keyMask, requested, keyAlpha, 8), true);
  assert.equal(template.matches(source, keyMask, requested, keyAlpha, 9), false);
  // The same pixels in another object: not known to be the same inputs.
  assert.equal(
    template.matches(source, { ...keyMask, data: keyMask.data.slice() }, requested, keyAlpha, 8),
    false,
  );
});

test("a source's overlay encoder reuses the PNG for equal regions and encodes afresh otherwise", async () => {
  const { keyMask, keyAlpha, requested } = prepareKeyRegion(mask, {
    marginPx: 0,
    blurFactor: 0,
    featherPx: 3,
    blendSide: 'outside',
  });
  const regions = regionMap(
    pasteKeyRegion(generated, source, keyAlpha),
    source,
    keyMask,
    requested,
    keyAlpha,
    8,
  );
  const encoder = new RegionOverlayEncoder();
  const first = await encoder.encode('images/a/x__k0.png', regions, SIZE, SIZE);
  const fresh = await encodeRegionOverlay('images/a/x__k0.png', regions, SIZE, SIZE);
  assert.deepEqual(first.png, fresh.png, 'the same bytes as a fresh encode');
  // Equal regions in another array (the caller's may be reused): the previous PNG, its own path.
  const second = await encoder.encode('images/a/x__k1.png', regions.slice(), SIZE, SIZE);
  assert.equal(second.png, first.png, 'reused, not encoded again');
  assert.equal(second.rel, 'regions/a/x__k1.png');
  // A changed key pixel: encoded again, and the bytes a fresh encode gives.
  const changed = regions.slice();
  const kept = changed.indexOf(KEPT_EXACT);
  changed[kept] = BLEND_BAND;
  regions.fill(REGENERATED); // mutating the caller's first array does not corrupt the encoder's copy
  const third = await encoder.encode('images/a/x__k2.png', changed, SIZE, SIZE);
  assert.notEqual(third.png, first.png);
  assert.deepEqual(third.png, (await encodeRegionOverlay('r', changed, SIZE, SIZE)).png);
  assert.notDeepEqual(third.png, first.png);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPerClassPolicy } from '../../../src/core/masks/perClass';
import { describeQuality, maskQuality, summarizeQuality } from '../../../src/core/masks/quality';
import type { BinaryMask } from '../../../src/core/image/rawImage';

function mask(width: number, rows: string[]): BinaryMask {
  return {
    width,
    height: rows.length,
    data: Uint8Array.from(
      rows
        .join('')
        .split('')
        .map((c) => (c === '#' ? 1 : 0)),
    ),
  };
}

test('per-class policy: empty regenerates all, whole keeps all, others need their mask', () => {
  const perClass = { empty: 'empty' as const, keepme: 'whole' as const };
  const size = { width: 3, height: 2 };
  const own = mask(3, ['#..', '...']);
  const empty = applyPerClassPolicy(perClass, 'empty', size, own);
  assert.equal(empty.origin, 'policy-empty');
  assert.ok(empty.mask.data.every((v) => v === 0));
  const whole = applyPerClassPolicy(perClass, 'keepme', size, undefined);
  assert.ok(whole.mask.data.every((v) => v === 1));
  assert.equal(applyPerClassPolicy(perClass, 'bird', size, own).mask, own);
  assert.throws(
    () => applyPerClassPolicy(perClass, 'bird', size, undefined, 'a.png'),
    /a.png \(class "bird"\) has no key-region mask/,
  );
  assert.throws(
    () => applyPerClassPolicy(perClass, 'bird', { width: 4, height: 2 }, own),
    /mask is 3x2, image is 4x2/,
  );
  assert.throws(
    () => applyPerClassPolicy(perClass, 'toString', size, undefined),
    /no key-region mask/,
  );
});

test('quality flags: empty, full, fragmented, tiny, huge', () => {
  assert.deepEqual(maskQuality(mask(2, ['..', '..'])).flags, ['empty']);
  assert.deepEqual(maskQuality(mask(2, ['##', '##'])).flags, ['full']);
  const split = maskQuality(mask(5, ['##.##', '##.##']));
  assert.deepEqual(split.flags, ['fragmented']);
  assert.equal(split.components, 2);
  assert.equal(split.areaFraction, 0.8);
  const tiny = maskQuality({
    width: 100,
    height: 100,
    data: new Uint8Array(10_000).fill(1, 0, 10),
  });
  assert.deepEqual(tiny.flags, ['tiny']);
  const huge = maskQuality({
    width: 100,
    height: 100,
    data: new Uint8Array(10_000).fill(1, 0, 9_990),
  });
  assert.deepEqual(huge.flags, ['huge']);
  assert.match(describeQuality(split), /^80\.0% key region, fragmented \(2 parts\)$/);
});

test('summary counts flags and gives area quartiles', () => {
  const reports = [0, 0.25, 0.5, 0.75, 1].map((areaFraction) => ({
    areaFraction,
    components: 1,
    flags: [],
  }));
  reports[0].flags.push('empty' as never);
  const summary = summarizeQuality(reports);
  assert.equal(summary.count, 5);
  assert.equal(summary.flagged.empty, 1);
  assert.deepEqual(summary.areaQuartiles, [0, 0.25, 0.5, 0.75, 1]);
  assert.equal(summarizeQuality([]).areaQuartiles, undefined);
});

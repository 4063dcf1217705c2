// GaussianGenerator against golden values from an independent Python implementation of the documented
// algorithm (scripts/fixtures/scheduler_reference.py -> test/fixtures/schedulers/gaussian_golden.json).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { GaussianGenerator } from '../../../src/core/engines/diffusion/random';
import { decodeTensor, FIXTURE_DIR } from './schedulers/referenceFixture';

interface GoldenCase {
  seed: number;
  firstUint32: number[];
  chunks: number[];
  values: string;
}

const golden = JSON.parse(readFileSync(join(FIXTURE_DIR, 'gaussian_golden.json'), 'utf8')) as {
  cases: GoldenCase[];
};

describe('GaussianGenerator', () => {
  for (const goldenCase of golden.cases) {
    it(`reproduces the Python reference for seed ${goldenCase.seed}`, () => {
      const raw = new GaussianGenerator(goldenCase.seed);
      assert.deepEqual(
        goldenCase.firstUint32.map(() => raw.nextUint32()),
        goldenCase.firstUint32,
      );
      const generator = new GaussianGenerator(goldenCase.seed);
      const drawn = goldenCase.chunks.flatMap((count) => [...generator.next(count)]);
      assert.deepEqual(drawn, [...decodeTensor(goldenCase.values)]);
    });
  }

  it('gives the same stream however next() calls are split', () => {
    const whole = new GaussianGenerator(7).next(9);
    const split = new GaussianGenerator(7);
    assert.deepEqual([...split.next(1), ...split.next(5), ...split.next(3)], [...whole]);
  });

  it('has mean about 0 and variance about 1', () => {
    const values = new GaussianGenerator(123).next(200_000);
    let sum = 0;
    let sumSquares = 0;
    for (const v of values) {
      sum += v;
      sumSquares += v * v;
    }
    const mean = sum / values.length;
    const variance = sumSquares / values.length - mean * mean;
    // standard errors: 0.0022 for the mean, 0.0032 for the variance; 5 sigma bounds
    assert.ok(Math.abs(mean) < 0.012, `mean ${mean}`);
    assert.ok(Math.abs(variance - 1) < 0.016, `variance ${variance}`);
  });

  it('gives different streams for different seeds, including seeds that differ above 2^32', () => {
    const a = new GaussianGenerator(1).next(16);
    const b = new GaussianGenerator(2).next(16);
    const c = new GaussianGenerator(1 + 2 ** 32).next(16);
    assert.notDeepEqual([...a], [...b]);
    assert.notDeepEqual([...a], [...c]);
  });

  it('rejects seeds that are not non-negative safe integers', () => {
    for (const seed of [-1, 0.5, 2 ** 53, Number.NaN]) {
      assert.throws(() => new GaussianGenerator(seed), RangeError);
    }
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  meanSsimOver,
  reducePlane,
  reducedLuma,
  SsimImage,
  ssimBetween,
  reductionFactor,
  regionSsim,
  ssimMap,
  type Plane,
} from '../../../src/core/quality/ssim';
import type { ChannelCount, RawImage } from '../../../src/core/image/rawImage';
import { lumaLevels8 } from '../../../src/core/quality/samples';

interface Reference {
  width: number;
  height: number;
  a: number[];
  cases: Array<{ name: string; b: number[]; mean: number; map: number[] }>;
}

const reference = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'fixtures', 'quality', 'ssim-reference.json'), 'utf8'),
) as Reference;
const plane = (values: number[]): Plane => ({
  width: reference.width,
  height: reference.height,
  data: Float32Array.from(values),
});

// Both sides compute in float64 from integer levels (exact in float32), with the same separable
// Gaussian and reflect edges; only the order of additions differs, which moves an SSIM value by
// a few float64 ulps. 1e-9 leaves room for that and would still catch any change of window,
// constants, edge mode or covariance normalisation (those move values by 1e-3 or more).
const TOLERANCE = 1e-9;

for (const reference_case of reference.cases) {
  test(`SSIM map and mean equal scikit-image's structural_similarity: ${reference_case.name}`, () => {
    const map = ssimMap(plane(reference.a), plane(reference_case.b));
    for (let i = 0; i < map.length; i++)
      assert.ok(
        Math.abs(map[i] - (reference_case.map[i] ?? NaN)) <= TOLERANCE,
        `pixel ${i}: ${map[i]} vs ${reference_case.map[i]}`,
      );
    // scikit-image's mean leaves out the 5-pixel border, as meanSsimOver does.
    const all = new Uint8Array(map.length).fill(1);
    const mean = meanSsimOver(map, reference.width, reference.height, all);
    assert.ok(mean !== null && Math.abs(mean - reference_case.mean) <= TOLERANCE);
  });
}

test('the mean over a region uses only the marked pixels', () => {
  const map = Float64Array.from({ length: 20 * 20 }, (_, i) => (i % 20 < 10 ? 1 : 0));
  const left = Uint8Array.from({ length: 400 }, (_, i) => (i % 20 < 10 ? 1 : 0));
  assert.equal(meanSsimOver(map, 20, 20, left), 1);
  assert.equal(meanSsimOver(map, 20, 20, new Uint8Array(400)), null);
});

test("Wang's reduction: factor round(min side / 256) and block means", () => {
  assert.equal(reductionFactor(300, 383), 1);
  assert.equal(reductionFactor(512, 400), 2);
  assert.equal(reductionFactor(1024, 768), 3);
  const reduced = reducePlane(
    { width: 3, height: 2, data: Float32Array.from([1, 3, 5, 7, 9, 11]) },
    2,
  );
  assert.deepEqual([reduced.width, reduced.height, ...reduced.data], [2, 1, 5, 8]);
});

test('regionSsim of RGB images is 1 for a copy, lower for a different image, null for no pixels', () => {
  const make = (seed: number): RawImage => ({
    width: 32,
    height: 32,
    channels: 3,
    bitDepth: 8,
    data: Uint8Array.from(
      { length: 32 * 32 * 3 },
      (_, i) => (i * 37 + seed * ((i * 13) % 7)) % 251,
    ),
  });
  const all = new Uint8Array(32 * 32).fill(1);
  assert.equal(regionSsim(make(0), make(0), all), 1);
  const other = regionSsim(make(0), make(5), all);
  assert.ok(other !== null && other < 0.9);
  assert.equal(regionSsim(make(0), make(5), new Uint8Array(32 * 32)), null);
});

test('reducedLuma gives the same values as block means of lumaLevels8 (RGB, grey + alpha, 16-bit, ragged edges)', () => {
  const image = (
    channels: ChannelCount,
    bitDepth: 8 | 16,
    width: number,
    height: number,
  ): RawImage => {
    const values = Array.from(
      { length: width * height * channels },
      (_, i) => (i * 7919 + 13) % (bitDepth === 16 ? 65536 : 256),
    );
    const data = bitDepth === 16 ? Uint16Array.from(values) : Uint8Array.from(values);
    return { width, height, channels, bitDepth, data };
  };
  // Odd sides, 16 bits and grey take the general path; even-sided 8-bit colour the halving one.
  const pictures = [
    image(3, 8, 37, 29),
    image(4, 16, 40, 33),
    image(2, 8, 31, 30),
    image(3, 8, 38, 30),
    image(4, 8, 36, 28),
  ];
  for (const picture of pictures) {
    for (const f of [1, 2, 3]) {
      const expected = reducePlane(
        { width: picture.width, height: picture.height, data: lumaLevels8(picture) },
        f,
      );
      const actual = reducedLuma(picture, f);
      assert.deepEqual(
        [actual.width, actual.height, ...actual.data],
        [expected.width, expected.height, ...expected.data],
      );
    }
  }
});

test('a prepared image compared with several gives what the map and mean computed separately do', () => {
  const make = (seed: number): RawImage => ({
    width: 520,
    height: 515,
    channels: 3,
    bitDepth: 8,
    data: Uint8Array.from(
      { length: 520 * 515 * 3 },
      (_, i) => (((i * 37 + seed * ((i * 13) % 7)) % 251) + ((i / 1560) | 0)) % 256,
    ),
  });
  const output = make(0);
  const include = Uint8Array.from({ length: 520 * 515 }, (_, p) => (p % 520 > 130 ? 1 : 0));
  const prepared = SsimImage.of(output);
  const f = reductionFactor(520, 515);
  for (const other of [make(3), make(5)]) {
    const map = ssimMap(reducedLuma(output, f), reducedLuma(other, f));
    // A reduced pixel counts only when its whole block is selected.
    const width = Math.ceil(520 / f);
    const selection = Uint8Array.from(map, (_, q) => ((q % width) * f > 130 ? 1 : 0));
    const expected = meanSsimOver(map, width, Math.ceil(515 / f), selection);
    assert.ok(expected !== null);
    assert.equal(ssimBetween(prepared, SsimImage.of(other), include), expected);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlphaMask, RawImage } from '../../../src/core/image/rawImage';
import {
  backgroundStats,
  fallbackSeed,
  outputProblem,
} from '../../../src/core/quality/outputCheck';
import { texturedImage } from '../composite/scenes';

const SIZE = 48;
/** Key region: the left third (alpha 1); the rest is regenerated (alpha 0). */
const keyAlpha: AlphaMask = {
  width: SIZE,
  height: SIZE,
  data: Float32Array.from({ length: SIZE * SIZE }, (_, p) => (p % SIZE < 16 ? 1 : 0)),
};
const flat = (level: number): RawImage => ({
  width: SIZE,
  height: SIZE,
  channels: 3,
  bitDepth: 8,
  data: new Uint8Array(SIZE * SIZE * 3).fill(level),
});

test('a normal output passes; black and nearly constant backgrounds are named', () => {
  const source = texturedImage(SIZE, SIZE, 3, 8, 0.6, 1);
  // A strongly textured source, so "nearly constant" can be judged against it.
  const textured = { ...source, data: source.data.map((v, i) => (i % 7) * 20 + (v >> 2)) };
  assert.equal(outputProblem(texturedImage(SIZE, SIZE, 3, 8, 0.4, 2), source, keyAlpha), null);
  assert.match(outputProblem(flat(0), source, keyAlpha) ?? '', /^black image/);
  assert.match(outputProblem(flat(120), textured, keyAlpha) ?? '', /^nearly constant image/);
});

test('only the regenerated pixels count, and a dark or flat source is not held against the output', () => {
  const source = texturedImage(SIZE, SIZE, 3, 8, 0.6, 1);
  // Black only inside the key region: the background is fine.
  const keyBlack = texturedImage(SIZE, SIZE, 3, 8, 0.4, 2);
  for (let p = 0; p < SIZE * SIZE; p++) if (p % SIZE < 16) keyBlack.data.fill(0, p * 3, p * 3 + 3);
  assert.equal(outputProblem(keyBlack, source, keyAlpha), null);
  // An X-ray-like black source background: a black output is what it should be.
  assert.equal(outputProblem(flat(0), flat(2), keyAlpha), null);
  assert.equal(outputProblem(flat(90), flat(90), keyAlpha), null);
});

test("fallback seeds step by 100 (the authors' retry) and wrap at 2^32", () => {
  assert.deepEqual(
    [0, 1, 2].map((k) => fallbackSeed(7, k)),
    [7, 107, 207],
  );
  assert.equal(fallbackSeed(2 ** 32 - 50, 1), 50);
});

test('background statistics equal a sample-by-sample count (8-bit exactly; 16-bit in levels)', () => {
  const formats: Array<Pick<RawImage, 'channels' | 'bitDepth'>> = [
    { channels: 3, bitDepth: 8 },
    { channels: 4, bitDepth: 8 },
    { channels: 1, bitDepth: 8 },
    { channels: 2, bitDepth: 8 },
    { channels: 3, bitDepth: 16 },
    { channels: 1, bitDepth: 16 },
  ];
  for (const format of formats) {
    const { channels, bitDepth } = format;
    const data =
      bitDepth === 8
        ? new Uint8Array(SIZE * SIZE * channels)
        : new Uint16Array(SIZE * SIZE * channels);
    for (let i = 0; i < data.length; i++)
      data[i] = (i * 7919 + (i >> 3)) % (bitDepth === 8 ? 256 : 65536);
    const image: RawImage = { width: SIZE, height: SIZE, channels, bitDepth, data };
    const colours = channels >= 3 ? 3 : 1;
    let n = 0;
    let sum = 0;
    let squares = 0;
    for (let p = 0; p < SIZE * SIZE; p++) {
      if (keyAlpha.data[p] !== 0) continue;
      for (let c = 0; c < colours; c++) {
        const sample = data[p * channels + c];
        const v = bitDepth === 8 ? sample : Math.fround(sample * (1 / 257));
        sum += v;
        squares += v * v;
        n++;
      }
    }
    const mean = sum / n;
    const expected = { mean, std: Math.sqrt(Math.max(0, squares / n - mean * mean)) };
    assert.deepEqual(backgroundStats(image, keyAlpha), expected, `${channels} x ${bitDepth}-bit`);
  }
  const allKey: AlphaMask = { ...keyAlpha, data: new Float32Array(SIZE * SIZE).fill(1) };
  assert.equal(backgroundStats(flat(9), allKey), null);
});

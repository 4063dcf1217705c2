import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlphaMask, RawImage } from '../../../src/core/image/rawImage';
import { fallbackSeed, outputProblem } from '../../../src/core/quality/outputCheck';
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

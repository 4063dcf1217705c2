/**
 * The ramp seam's shortcuts (a crop around the key region, one distance transform kept per key
 * mask, the inner ring from each key pixel's neighbours, each contour pixel's window summed once,
 * the paste source copied only where the alpha reaches) against a plain whole-image version
 * written from its definition: the same bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rampSeam } from '../../../src/core/engines/composite/rampSeam';
import { distanceToSites } from '../../../src/core/image/distanceTransform';
import { prepareKeyRegion } from '../../../src/core/image/prepareKeyRegion';
import type { AlphaMask, BinaryMask, RawImage } from '../../../src/core/image/rawImage';
import { discMask, texturedImage } from './scenes';

/**
 * generated = target + smoothstep(d / band) * level(q), q the nearest key pixel; the paste source
 * is the source with its band pixels outside the key region (alpha > 0) clamped to the local
 * range of q's window. Whole image, two distance transforms, every window summed afresh.
 */
function reference(
  source: RawImage,
  target: RawImage,
  keyMask: BinaryMask,
  keyAlpha: AlphaMask,
  band: number,
  ringPx = 2,
): { generated: Uint8Array | Uint16Array; pasteSource: Uint8Array | Uint16Array } {
  const { width, height, channels } = target;
  const max = target.bitDepth === 16 ? 65535 : 255;
  const outward = distanceToSites(keyMask.data, width, height);
  const inward = distanceToSites(
    keyMask.data.map((v) => (v === 0 ? 1 : 0)),
    width,
    height,
  );
  // Ring pixels: within ringPx of the other side of the contour.
  const ring2 = ringPx * ringPx;
  const isKey = (p: number): boolean => keyMask.data[p] !== 0;
  const innerRing = (p: number): boolean => isKey(p) && inward.squared[p] <= ring2;
  const outerRing = (p: number): boolean => !isKey(p) && outward.squared[p] <= ring2;
  const reach = Math.max(2 * ringPx, Math.ceil(band / 4));
  /** Means in the window around key pixel q: source inside, source outside, target outside. */
  const windowMeans = (q: number, c: number): [number, number, number] | null => {
    const [qx, qy] = [q % width, Math.floor(q / width)];
    let [inner, outer, sourceIn, sourceOut, targetOut] = [0, 0, 0, 0, 0];
    for (let y = Math.max(0, qy - reach); y <= Math.min(height - 1, qy + reach); y++)
      for (let x = Math.max(0, qx - reach); x <= Math.min(width - 1, qx + reach); x++) {
        const p = y * width + x;
        if (innerRing(p)) {
          inner++;
          sourceIn += source.data[p * channels + c];
        } else if (outerRing(p)) {
          outer++;
          sourceOut += source.data[p * channels + c];
          targetOut += target.data[p * channels + c];
        }
      }
    return inner === 0 || outer === 0
      ? null
      : [sourceIn / inner, sourceOut / outer, targetOut / outer];
  };
  const data = target.data.slice();
  const paste = source.data.slice();
  for (let p = 0; p < width * height; p++) {
    const d2 = outward.squared[p];
    if (d2 === 0 || d2 >= band * band) continue;
    const means = Array.from({ length: channels }, (_, c) => windowMeans(outward.nearest[p], c));
    if (means.some((m) => m === null)) continue;
    const t = Math.sqrt(d2) / band;
    const weight = 1 - t * t * (3 - 2 * t);
    means.forEach((m, c) => {
      const [sourceIn, sourceOut, targetOut] = m as [number, number, number];
      const [lo, hi] = [Math.min(sourceIn, targetOut), Math.max(sourceIn, targetOut)];
      const level = Math.min(hi, Math.max(lo, sourceOut)) - targetOut;
      const i = p * channels + c;
      data[i] = Math.min(max, Math.max(0, Math.round(target.data[i] + weight * level)));
      if (keyAlpha.data[p] > 0) paste[i] = Math.round(Math.min(hi, Math.max(lo, source.data[i])));
    });
  }
  return { generated: data, pasteSource: paste };
}

function scenes(): Array<{ name: string; source: RawImage; target: RawImage; mask: BinaryMask }> {
  const out = [];
  for (const [channels, bits] of [
    [3, 8],
    [1, 16],
  ] as const) {
    const [w, h] = [120, 90];
    const source = texturedImage(w, h, channels, bits, 0.6, 3);
    const target = texturedImage(w, h, channels, bits, 0.35, 4);
    out.push({
      name: `centre ${channels}x${bits}`,
      source,
      target,
      mask: discMask(w, h, 60, 45, 17),
    });
    // Touching the image's edge, and two separate regions.
    const edge = discMask(w, h, 4, 80, 22);
    const second = discMask(w, h, 95, 20, 9);
    for (let p = 0; p < edge.data.length; p++) edge.data[p] |= second.data[p] ?? 0;
    out.push({ name: `edge ${channels}x${bits}`, source, target, mask: edge });
  }
  return out;
}

test('the ramp seam gives the bytes of its plain whole-image definition', () => {
  for (const { name, source, target, mask } of scenes()) {
    for (const featherPx of [0, 3])
      for (const band of [1, 5, 12, 30]) {
        const { keyAlpha } = prepareKeyRegion(mask, {
          marginPx: 0,
          blurFactor: 0,
          featherPx,
          blendSide: 'outside',
        });
        const { generated, pasteSource } = rampSeam(source, target, mask, keyAlpha, band);
        const expected = reference(source, target, mask, keyAlpha, band);
        const where = `${name}, feather ${featherPx}, band ${band}`;
        assert.deepEqual(generated.data, expected.generated, where);
        // The paste-back reads the paste source only where the alpha is non-zero.
        let read = 0;
        for (let p = 0; p < mask.data.length; p++) {
          if (!(keyAlpha.data[p] > 0)) continue;
          for (let c = 0; c < source.channels; c++) {
            const i = p * source.channels + c;
            assert.equal(pasteSource.data[i], expected.pasteSource[i], `${where}, sample ${i}`);
            read += 1;
          }
        }
        assert.ok(read > 0);
      }
  }
});

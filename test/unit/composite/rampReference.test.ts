/**
 * The ramp seam's shortcuts (a crop around the key region, one distance transform, the inner ring
 * from each key pixel's neighbours, one ring-mean lookup per contour pixel, the paste source
 * copied only where the alpha reaches) against a plain whole-image version written from its
 * definition: the same bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rampSeam } from '../../../src/core/engines/composite/rampSeam';
import { INNER, OUTER, RingTables } from '../../../src/core/engines/composite/ringTables';
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
  const ring2 = ringPx * ringPx;
  const side = Uint8Array.from(outward.squared, (d2, p) =>
    d2 === 0 ? (inward.squared[p] <= ring2 ? INNER : 0) : d2 <= ring2 ? OUTER : 0,
  );
  const whole = { x0: 0, y0: 0, x1: width - 1, y1: height - 1 };
  const tables = RingTables.build(source.data, target.data, width, channels, whole, side);
  const reach = Math.max(2 * ringPx, Math.ceil(band / 4));
  const data = target.data.slice();
  const paste = source.data.slice();
  const level = new Float64Array(channels);
  const lo = new Float64Array(channels);
  const hi = new Float64Array(channels);
  for (let p = 0; p < width * height; p++) {
    const d2 = outward.squared[p];
    if (d2 === 0 || d2 >= band * band) continue;
    const q = outward.nearest[p];
    const [qx, qy] = [q % width, Math.floor(q / width)];
    const window = [qx - reach, qy - reach, qx + reach + 1, qy + reach + 1] as const;
    if (!tables.contourLevels(...window, level)) continue;
    const t = Math.sqrt(d2) / band;
    const weight = 1 - t * t * (3 - 2 * t);
    for (let c = 0; c < channels; c++) {
      const v = Math.round(target.data[p * channels + c] + weight * level[c]);
      data[p * channels + c] = Math.min(max, Math.max(0, v));
    }
    if (!(keyAlpha.data[p] > 0) || !tables.sideRange(...window, lo, hi)) continue;
    for (let c = 0; c < channels; c++) {
      const i = p * channels + c;
      paste[i] = Math.round(Math.min(hi[c], Math.max(lo[c], source.data[i])));
    }
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

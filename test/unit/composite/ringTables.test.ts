import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nonZeroBox } from '../../../src/core/image/distanceTransform';
import { INNER, OUTER, RingTables } from '../../../src/core/engines/composite/ringTables';
import { discMask, texturedImage } from './scenes';

test("ring tables over the rings' own area answer every window as tables over the whole box", () => {
  const size = 96;
  const source = texturedImage(size, size, 3, 8, 0.7, 1);
  const target = texturedImage(size, size, 3, 8, 0.4, 2);
  const mask = discMask(size, size, 40, 52, 14);
  const box = nonZeroBox(mask.data, size, size, 30);
  assert.ok(box);
  const bw = box.x1 - box.x0 + 1;
  const bh = box.y1 - box.y0 + 1;
  // Rings 2 px either side of the contour, from the mask directly (4-neighbour distance).
  const side = new Uint8Array(bw * bh);
  const at = (x: number, y: number): number =>
    x < 0 || y < 0 || x >= size || y >= size ? 0 : (mask.data[y * size + x] ?? 0);
  for (let y = 0; y < bh; y++)
    for (let x = 0; x < bw; x++) {
      const [ix, iy] = [x + box.x0, y + box.y0];
      let near = false;
      for (let d = -2; d <= 2; d++)
        if (at(ix + d, iy) !== at(ix, iy) || at(ix, iy + d) !== at(ix, iy)) near = true;
      if (near) side[y * bw + x] = at(ix, iy) ? INNER : OUTER;
    }
  const area = nonZeroBox(mask.data, size, size, 3);
  assert.ok(area && area.x1 - area.x0 < bw - 20, 'the ring area is smaller than the box');
  const whole = RingTables.build(source.data, target.data, size, 3, box, side);
  const cropped = RingTables.build(source.data, target.data, size, 3, box, side, area);
  const [a, b, lo1, hi1, lo2, hi2] = Array.from({ length: 6 }, () => new Float64Array(3));
  let answered = 0;
  for (let y = 0; y < bh; y += 3)
    for (let x = 0; x < bw; x += 3)
      for (const reach of [2, 5, 9]) {
        const window = [x - reach, y - reach, x + reach + 1, y + reach + 1] as const;
        const levels = whole.contourLevels(...window, a);
        assert.equal(cropped.contourLevels(...window, b), levels);
        if (levels) assert.deepEqual(b, a);
        const range = whole.sideRange(...window, lo1, hi1);
        assert.equal(cropped.sideRange(...window, lo2, hi2), range);
        if (range) assert.deepEqual([lo2, hi2], [lo1, hi1]);
        if (levels) answered++;
      }
  assert.ok(answered > 50, `only ${answered} windows held both rings`);
});

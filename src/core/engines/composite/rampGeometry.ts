/**
 * What the ramp seam (rampSeam.ts) needs of the key mask alone: the box it works in, the rings on
 * both sides of the contour, and every band pixel with its distance and its nearest contour pixel.
 * A run composites every output of a source with the same key mask, so this is made once per mask
 * (kept with the mask object, which nothing writes to once prepared) and each output costs only
 * its ring tables and one pass over the band pixels.
 */
import { distanceToSites, growBox, nonZeroBox, type PixelBox } from '../../image/distanceTransform';
import type { BinaryMask } from '../../image/rawImage';

/** Ring codes of {@link RampGeometry.side}: just inside the key region, just outside it. */
export const INNER = 1;
export const OUTER = 2;

export interface RampGeometry {
  /** The crop the seam works in (image coordinates); the band pixels' indices are in it. */
  readonly box: PixelBox;
  /** The crop's width. */
  readonly bw: number;
  /** Per crop pixel: INNER, OUTER or 0. */
  readonly side: Uint8Array;
  /** The band pixels (0 < distance < band), in row order: their crop index. */
  readonly bandPixels: Int32Array;
  /** Their squared distance to the key region. */
  readonly bandSquared: Float32Array;
  /** Their nearest key pixel, as an index into {@link contour}. */
  readonly bandContour: Int32Array;
  /** The distinct nearest key pixels (crop index), in order of first use. */
  readonly contour: Int32Array;
}

/** Geometries kept per key mask object (usually one band and ring width each). */
const kept = new WeakMap<
  BinaryMask,
  Array<{ band: number; ringPx: number; geometry: RampGeometry | undefined }>
>();

/** The geometry of `keyMask` for a band of `band` px and rings of `ringPx` px; undefined when empty. */
export function rampGeometry(
  keyMask: BinaryMask,
  band: number,
  ringPx: number,
): RampGeometry | undefined {
  let entries = kept.get(keyMask);
  const found = entries?.find((e) => e.band === band && e.ringPx === ringPx);
  if (found) return found.geometry;
  const geometry = makeGeometry(keyMask, band, ringPx);
  if (!entries) kept.set(keyMask, (entries = []));
  entries.push({ band, ringPx, geometry });
  return geometry;
}

function makeGeometry(keyMask: BinaryMask, band: number, ringPx: number): RampGeometry | undefined {
  const { width, height } = keyMask;
  const keyBox = nonZeroBox(keyMask.data, width, height, 0);
  if (keyBox === undefined) return undefined;
  // Band pixels lie within `band` of the key region and ring pixels within ringPx; every key pixel
  // lies in the box, so the distance transform on its crop is exact there, and every ring pixel a
  // ring-mean window can hold lies in it too.
  const box = growBox(keyBox, Math.max(band, ringPx + 1) + 1, width, height);
  const bw = box.x1 - box.x0 + 1;
  const bh = box.y1 - box.y0 + 1;
  const crop = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    const row = (y + box.y0) * width + box.x0;
    crop.set(keyMask.data.subarray(row, row + bw), y * bw);
  }
  const outward = distanceToSites(crop, bw, bh);
  const side = ringSides(crop, bw, bh, outward.squared, ringPx);
  const band2 = band * band;
  let count = 0;
  for (const d2 of outward.squared) if (d2 !== 0 && d2 < band2) count++;
  const bandPixels = new Int32Array(count);
  const bandSquared = new Float32Array(count);
  const bandContour = new Int32Array(count);
  const slotOf = new Map<number, number>();
  const contour: number[] = [];
  for (let b = 0, j = 0; b < outward.squared.length; b++) {
    const d2 = outward.squared[b];
    if (d2 === 0 || d2 >= band2) continue;
    const q = outward.nearest[b];
    let slot = slotOf.get(q);
    if (slot === undefined) {
      slot = contour.length;
      slotOf.set(q, slot);
      contour.push(q);
    }
    bandPixels[j] = b;
    bandSquared[j] = d2;
    bandContour[j] = slot;
    j++;
  }
  return {
    box,
    bw,
    side,
    bandPixels,
    bandSquared,
    bandContour,
    contour: Int32Array.from(contour),
  };
}

/**
 * Which ring each crop pixel belongs to: OUTER for a pixel outside the key region within ringPx
 * of it (from the distance field), INNER for a key pixel with a pixel outside the key region
 * within ringPx (inside the crop), 0 otherwise. The inner ring is found by looking at the disc of
 * offsets around each key pixel: only key pixels are visited, where a second distance transform
 * (to the pixels outside the key region) would cost as much as the first over the whole crop.
 */
export function ringSides(
  crop: Uint8Array,
  bw: number,
  bh: number,
  outwardSquared: Float32Array,
  ringPx: number,
): Uint8Array {
  const ring2 = ringPx * ringPx;
  const reach = Math.floor(ringPx);
  const disc: Array<{ dx: number; dy: number; d2: number }> = [];
  for (let dy = -reach; dy <= reach; dy++) {
    for (let dx = -reach; dx <= reach; dx++) {
      const d2 = dx * dx + dy * dy;
      if (d2 > 0 && d2 <= ring2) disc.push({ dx, dy, d2 });
    }
  }
  // Nearest first: an edge pixel usually has its outside neighbour one step away.
  disc.sort((a, b) => a.d2 - b.d2);
  const dxs = Int32Array.from(disc, (o) => o.dx);
  const dys = Int32Array.from(disc, (o) => o.dy);
  const steps = Int32Array.from(disc, (o) => o.dy * bw + o.dx);
  const side = new Uint8Array(bw * bh);
  for (let y = 0, b = 0; y < bh; y++) {
    const rowInside = y >= reach && y < bh - reach;
    for (let x = 0; x < bw; x++, b++) {
      if (crop[b] === 0) {
        if (outwardSquared[b] <= ring2) side[b] = OUTER;
        continue;
      }
      if (rowInside && x >= reach && x < bw - reach) {
        // The whole disc lies in the crop: plain index steps.
        for (let k = 0; k < steps.length; k++) {
          if (crop[b + steps[k]] === 0) {
            side[b] = INNER;
            break;
          }
        }
        continue;
      }
      for (let k = 0; k < steps.length; k++) {
        const nx = x + dxs[k];
        const ny = y + dys[k];
        if (nx >= 0 && ny >= 0 && nx < bw && ny < bh && crop[ny * bw + nx] === 0) {
          side[b] = INNER;
          break;
        }
      }
    }
  }
  return side;
}

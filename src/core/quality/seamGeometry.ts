/**
 * The seam measure's geometry around a key region: a box around it and, per box pixel, its signed
 * ring (distance to the contour, rounded up), and where a box pixel lies in the image.
 */
import { distanceToSites, type PixelBox } from '../image/distanceTransform';
import type { BinaryMask, RawImage } from '../image/rawImage';

/** An image's samples and the factor that brings them to 8-bit levels (no copy of the image). */
export interface Levels {
  data: Uint8Array | Uint16Array;
  scale: number;
}

export const levels = (image: RawImage): Levels => ({
  data: image.data,
  scale: image.bitDepth === 16 ? 1 / 257 : 1,
});

/** Signed ring index per box pixel: -k inside (k = ceil of the distance to outside), +k outside. */
export interface BandGeometry {
  box: PixelBox;
  bw: number;
  bh: number;
  imageWidth: number;
  /** Signed ring per box pixel (0 never occurs: rings start at +-1). */
  ring: Int16Array;
  /** 1 where a box pixel is in the key region. */
  inside: Uint8Array;
}

export function bandGeometry(keyMask: BinaryMask, box: PixelBox, w: number): BandGeometry | null {
  const { width } = keyMask;
  const bw = box.x1 - box.x0 + 1;
  const bh = box.y1 - box.y0 + 1;
  const inside = new Uint8Array(bw * bh);
  const outsideSites = new Uint8Array(bw * bh);
  let outsideCount = 0;
  for (let y = 0, b = 0; y < bh; y++) {
    for (let x = 0, p = (y + box.y0) * width + box.x0; x < bw; x++, b++, p++) {
      if (keyMask.data[p] !== 0) inside[b] = 1;
      else {
        outsideSites[b] = 1;
        outsideCount++;
      }
    }
  }
  if (outsideCount === 0) return null;
  // The box reaches 3w + 1 beyond the key region, so distances up to 3w are exact in it.
  const toKey = distanceToSites(inside, bw, bh, { nearest: false });
  const toOutside = distanceToSites(outsideSites, bw, bh, { nearest: false });
  const ring = new Int16Array(bw * bh);
  const limit = 3 * w;
  for (let b = 0; b < ring.length; b++) {
    if (inside[b] !== 0) {
      const d = Math.sqrt(toOutside.squared[b]);
      ring[b] = d === Infinity ? -32767 : -Math.min(32767, Math.ceil(d));
    } else ring[b] = Math.min(limit + 1, Math.ceil(Math.sqrt(toKey.squared[b])));
  }
  return { box, bw, bh, imageWidth: width, ring, inside };
}

/** The part of a band geometry inside `area` (image coordinates, within the geometry's box). */
export function cropGeometry(g: BandGeometry, area: PixelBox): BandGeometry {
  const { box, bw: fromWidth } = g;
  const bw = area.x1 - area.x0 + 1;
  const bh = area.y1 - area.y0 + 1;
  const ring = new Int16Array(bw * bh);
  const inside = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    const from = (y + area.y0 - box.y0) * fromWidth + area.x0 - box.x0;
    ring.set(g.ring.subarray(from, from + bw), y * bw);
    inside.set(g.inside.subarray(from, from + bw), y * bw);
  }
  return { box: area, bw, bh, imageWidth: g.imageWidth, ring, inside };
}

/** Index in the image of box pixel `b`, in pixels (its first sample's index divided by the stride). */
export function imagePixelOf(g: BandGeometry, b: number): number {
  const x = b % g.bw;
  return ((b - x) / g.bw + g.box.y0) * g.imageWidth + x + g.box.x0;
}

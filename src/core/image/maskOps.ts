/**
 * Operations on key-region masks (1 = key region). Morphology uses an exact Euclidean distance
 * transform, so a radius means a true disc of that radius at any size, in O(pixels).
 */
import { distanceToSites, distanceToSitesInBox, nonZeroBox } from './distanceTransform';
import { pilGaussianBlur8 } from './pilGaussianBlur';
import type { AlphaMask, BinaryMask } from './rawImage';

/** Summary numbers used to warn about unusable masks before a run. */
export interface MaskStats {
  /** Fraction of pixels in the key region, 0..1. */
  coverage: number;
  isEmpty: boolean;
  isFull: boolean;
  /** 8-connected components of the key region. */
  components: number;
  /** More than one component and the largest holds under 90% of the key region. */
  fragmented: boolean;
}

/** A mask with every pixel in the key region. */
export function fullMask(width: number, height: number): BinaryMask {
  return { width, height, data: new Uint8Array(width * height).fill(1) };
}

/** A mask with no key region (regenerate everything). */
export function emptyMask(width: number, height: number): BinaryMask {
  return { width, height, data: new Uint8Array(width * height) };
}

/** Swap key region and outside. */
export function invert(mask: BinaryMask): BinaryMask {
  const data = new Uint8Array(mask.data.length);
  for (let i = 0; i < data.length; i++) data[i] = mask.data[i] === 0 ? 1 : 0;
  return { width: mask.width, height: mask.height, data };
}

/** Grow the key region by a disc of radius `radiusPx` (pixels within that distance join it). */
export function dilate(mask: BinaryMask, radiusPx: number): BinaryMask {
  checkRadius(radiusPx);
  if (radiusPx === 0) return copy(mask);
  const field = distanceToSites(mask.data, mask.width, mask.height, { nearest: false });
  const limit = radiusPx * radiusPx;
  const data = new Uint8Array(mask.data.length);
  for (let i = 0; i < data.length; i++) data[i] = field.squared[i] <= limit ? 1 : 0;
  return { width: mask.width, height: mask.height, data };
}

/**
 * Shrink the key region by a disc of radius `radiusPx`. The image border does not erode: a key
 * region that touches the edge stays there (the pixels beyond the edge are unknown, not outside).
 */
export function erode(mask: BinaryMask, radiusPx: number): BinaryMask {
  checkRadius(radiusPx);
  if (radiusPx === 0) return copy(mask);
  return invert(dilate(invert(mask), radiusPx));
}

/** Grow (px > 0) or shrink (px < 0) the key region by |px| pixels. */
export function growOrShrink(mask: BinaryMask, px: number): BinaryMask {
  return px >= 0 ? dilate(mask, px) : erode(mask, -px);
}

/**
 * diffusers' `VaeImageProcessor.blur` followed by its `binarize`: PIL GaussianBlur(radius =
 * blurFactor) of the mask as 0/255, then values >= 0.5 (i.e. >= 128 of 255) become 1. This
 * smooths the contour; see pilGaussianBlur.ts for how closely PIL's box passes are reproduced.
 */
export function blurBinarize(mask: BinaryMask, blurFactor: number): BinaryMask {
  if (!(blurFactor >= 0)) throw new Error(`blurFactor must be >= 0, got ${blurFactor}`);
  if (blurFactor === 0) return copy(mask);
  const grey = new Uint8Array(mask.data.length);
  for (let i = 0; i < grey.length; i++) grey[i] = mask.data[i] !== 0 ? 255 : 0;
  const blurred = pilGaussianBlur8(grey, mask.width, mask.height, blurFactor);
  const data = new Uint8Array(grey.length);
  for (let i = 0; i < data.length; i++) data[i] = blurred[i] / 255 >= 0.5 ? 1 : 0;
  return { width: mask.width, height: mask.height, data };
}

/**
 * Soft alpha for pasting the key region: 0 outside, and inside falling from 1 to near 0 over
 * the `px` pixels nearest the border, as alpha = d / (px + 1) where d is the distance to the
 * nearest outside pixel. Pixels deeper than px stay exactly 1; the image edge is not a border.
 */
export function feather(mask: BinaryMask, px: number): AlphaMask {
  checkRadius(px);
  const data = new Float32Array(mask.data.length);
  if (px === 0) {
    for (let i = 0; i < data.length; i++) data[i] = mask.data[i] !== 0 ? 1 : 0;
    return { width: mask.width, height: mask.height, data };
  }
  // Only the key region's bounding box plus a 1-pixel ring matters: clamping any outside pixel
  // onto that ring brings it closer to every key pixel, so the cropped transform is exact.
  const box = nonZeroBox(mask.data, mask.width, mask.height, 1);
  if (box === undefined) return { width: mask.width, height: mask.height, data };
  const bw = box.x1 - box.x0 + 1;
  const { field } = distanceToSitesInBox(invert(mask).data, mask.width, box, {
    nearest: false,
  });
  const scale = px + 1;
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0, b = (y - box.y0) * bw; x <= box.x1; x++, b++) {
      const i = y * mask.width + x;
      if (mask.data[i] === 0) continue;
      const d = Math.sqrt(field.squared[b]);
      data[i] = d >= scale ? 1 : d / scale;
    }
  }
  // Only key pixels, all inside the box, were written.
  return { width: mask.width, height: mask.height, data, bounds: box };
}

/**
 * Soft alpha for pasting the key region with the seam outside it: exactly 1 on every key pixel,
 * and outside falling from 1 to near 0 over the `px` nearest pixels, as alpha = 1 - d / (px + 1)
 * where d is the distance to the nearest key pixel. The mirror image of {@link feather}: no key
 * pixel is blended, so a paste-back keeps the whole mask bit for bit.
 */
export function featherOutside(mask: BinaryMask, px: number): AlphaMask {
  checkRadius(px);
  const data = new Float32Array(mask.data.length);
  // Pixels farther than px + 1 from the key region's bounding box get alpha 0 anyway, and every
  // site lies inside the grown box, so the cropped transform is exact where it matters; the key
  // pixels' alpha of 1 is written inside the box only (the rest is the array's 0).
  const scale = px + 1;
  const box = nonZeroBox(mask.data, mask.width, mask.height, scale);
  if (box === undefined) return { width: mask.width, height: mask.height, data };
  for (let y = box.y0; y <= box.y1; y++) {
    for (let i = y * mask.width + box.x0, end = y * mask.width + box.x1; i <= end; i++)
      if (mask.data[i] !== 0) data[i] = 1;
  }
  // Every write below stays inside the box too.
  if (px === 0) return { width: mask.width, height: mask.height, data, bounds: box };
  const bw = box.x1 - box.x0 + 1;
  const { field } = distanceToSitesInBox(mask.data, mask.width, box, { nearest: false });
  for (let y = box.y0; y <= box.y1; y++) {
    for (let x = box.x0, b = (y - box.y0) * bw; x <= box.x1; x++, b++) {
      const i = y * mask.width + x;
      if (mask.data[i] !== 0) continue;
      const d = Math.sqrt(field.squared[b]);
      if (d < scale) data[i] = 1 - d / scale;
    }
  }
  return { width: mask.width, height: mask.height, data, bounds: box };
}

/** Pixels that are set in either mask (same size). */
export function union(a: BinaryMask, b: BinaryMask): BinaryMask {
  if (a.width !== b.width || a.height !== b.height)
    throw new Error(`union: masks are ${a.width}x${a.height} and ${b.width}x${b.height}`);
  const data = new Uint8Array(a.data.length);
  for (let i = 0; i < data.length; i++) data[i] = a.data[i] !== 0 || b.data[i] !== 0 ? 1 : 0;
  return { width: a.width, height: a.height, data };
}

/** How many pixels of the mask are set: what emptiness and fullness need, without connectivity. */
export function setPixelCount(mask: BinaryMask): number {
  let count = 0;
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i] !== 0) count++;
  return count;
}

/** Coverage, emptiness and connectivity of a mask. */
export function maskStats(mask: BinaryMask): MaskStats {
  const { width, height } = mask;
  const total = width * height;
  const count = setPixelCount(mask);
  const sizes = componentSizes(mask);
  const largest = sizes.reduce((a, b) => Math.max(a, b), 0);
  return {
    coverage: total === 0 ? 0 : count / total,
    isEmpty: count === 0,
    isFull: count === total,
    components: sizes.length,
    fragmented: sizes.length > 1 && largest < 0.9 * count,
  };
}

/** Sizes of the 8-connected components (iterative flood fill with an explicit stack). */
function componentSizes(mask: BinaryMask): number[] {
  const { width, height } = mask;
  const seen = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  const sizes: number[] = [];
  for (let start = 0; start < seen.length; start++) {
    if (mask.data[start] === 0 || seen[start] !== 0) continue;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    let size = 0;
    while (top > 0) {
      const p = stack[--top];
      size++;
      const x = p % width;
      const y = (p - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (mask.data[q] !== 0 && seen[q] === 0) {
            seen[q] = 1;
            stack[top++] = q;
          }
        }
      }
    }
    sizes.push(size);
  }
  return sizes;
}

function copy(mask: BinaryMask): BinaryMask {
  return { width: mask.width, height: mask.height, data: mask.data.slice() };
}

function checkRadius(px: number): void {
  if (!(px >= 0) || !Number.isFinite(px))
    throw new Error(`radius must be a finite number >= 0, got ${px}`);
}

/**
 * Preview rendering for galleries and review: the image with its key region tinted and outlined,
 * and the review panel's overlay of the exactly kept region and the blend band.
 */
import { toBitDepth, toChannels } from './pixelFormat';
import type { BinaryMask, RawImage } from './rawImage';

/** Look of the key-region overlay. */
export interface OverlayOptions {
  /** Tint colour, 8-bit RGB (default a green that reads on skin and on X-rays). */
  color?: [number, number, number];
  /** Tint strength inside the key region, 0..1 (default 0.35). */
  opacity?: number;
  /** Draw the key region's contour in full colour (default true). */
  outline?: boolean;
}

/** An 8-bit RGB copy of the image with the key region tinted and, optionally, its contour drawn. */
export function renderOverlay(
  image: RawImage,
  mask: BinaryMask,
  options: OverlayOptions = {},
): RawImage {
  if (mask.width !== image.width || mask.height !== image.height) {
    throw new Error(
      `renderOverlay: mask is ${mask.width}x${mask.height}, image is ${image.width}x${image.height}`,
    );
  }
  const color = options.color ?? [0, 220, 90];
  const opacity = Math.min(1, Math.max(0, options.opacity ?? 0.35));
  const outline = options.outline ?? true;
  const rgb = toChannels(toBitDepth(image, 8), 3);
  const { width, height } = image;
  const out = new Uint8Array(rgb.data);
  const m = mask.data;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (m[p] === 0) continue;
      const edge =
        outline &&
        ((x > 0 && m[p - 1] === 0) ||
          (x < width - 1 && m[p + 1] === 0) ||
          (y > 0 && m[p - width] === 0) ||
          (y < height - 1 && m[p + width] === 0));
      const a = edge ? 1 : opacity;
      for (let c = 0; c < 3; c++)
        out[p * 3 + c] = Math.round((1 - a) * out[p * 3 + c] + a * color[c]);
    }
  }
  return { width, height, channels: 3, bitDepth: 8, data: out };
}

/** Colours of the region overlay: exact region and blend band (8-bit RGB). */
export const REGION_COLOURS = {
  keptExact: [0, 200, 90],
  blendBand: [255, 140, 0],
} as const;

/**
 * The review panel's region overlay as an RGBA image: the exactly kept region in green, the blend
 * band in orange, everything regenerated transparent (the panel sets the layer's opacity).
 * `regions` holds regionMap's codes: 2 = kept exactly, 1 = blend band, 0 = regenerated.
 */
export function renderRegionOverlay(regions: Uint8Array, width: number, height: number): RawImage {
  if (regions.length !== width * height)
    throw new Error(`renderRegionOverlay: ${regions.length} codes for ${width}x${height}`);
  const data = new Uint8Array(width * height * 4);
  for (let p = 0; p < regions.length; p++) {
    const colour =
      regions[p] === 2
        ? REGION_COLOURS.keptExact
        : regions[p] === 1
          ? REGION_COLOURS.blendBand
          : null;
    if (colour === null) continue;
    data.set(colour, p * 4);
    data[p * 4 + 3] = 255;
  }
  return { width, height, channels: 4, bitDepth: 8, data };
}

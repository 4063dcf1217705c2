/**
 * The output check every generated image passes before it is written: a diffusion model that
 * overflowed float16 or collapsed gives a black or nearly constant background (or NaN, which the
 * pipeline reports as a NonFiniteError). Such an image is regenerated with a fallback seed (the
 * MaskMedPaint authors retried with the seed + 100) up to {@link MAX_ATTEMPTS} times.
 * The thresholds are relative to the source's own background, so a legitimately dark or flat
 * input (an X-ray's black border, a synthetic flat target) is never flagged.
 */
import type { AlphaMask, RawImage } from '../image/rawImage';
import { colourChannelCount } from './samples';

/** Attempts per item: the item's seed and two fallbacks. */
export const MAX_ATTEMPTS = 3;
/** Seed step between attempts (the authors' retry: seed + 100). */
export const FALLBACK_SEED_STEP = 100;

/** Mean level (8-bit) under which a background is "black" ... */
const BLACK_MEAN = 4;
/** ... when the source's background is at least this bright. */
const BLACK_REFERENCE_MEAN = 16;
/** Standard deviation (8-bit levels) under which a background is "nearly constant" ... */
const FLAT_STD = 1.5;
/** ... when the source's background varies at least this much. */
const FLAT_REFERENCE_STD = 6;

/** The seed of attempt `attempt` (0 = the item's own seed), modulo 2^32. */
export function fallbackSeed(seed: number, attempt: number): number {
  return (seed + FALLBACK_SEED_STEP * attempt) % 2 ** 32;
}

/** Mean and standard deviation over the regenerated pixels (keyAlpha 0), all colour channels. */
export function backgroundStats(
  image: RawImage,
  keyAlpha: AlphaMask,
): { mean: number; std: number } | null {
  // Read in place (no float copy of the whole image per call): 8-bit samples as they are,
  // 16-bit ones in 8-bit levels rounded to float32.
  const { n, sum, sum2 } =
    image.bitDepth === 8 ? integerSums(image, keyAlpha) : levelSums(image, keyAlpha);
  if (n === 0) return null;
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(0, sum2 / n - mean * mean)) };
}

interface Sums {
  /** Samples summed. */
  n: number;
  sum: number;
  sum2: number;
}

/**
 * 8-bit samples: every partial sum is an integer below 2^53, so float64 holds it exactly and the
 * result does not depend on the order of the additions. That lets a pixel's channels be added
 * together before they join the totals (one loop per pixel, no inner loop over channels): a third
 * of the cost of {@link levelSums} on an RGB image, which matters since every output is checked.
 */
function integerSums(image: RawImage, keyAlpha: AlphaMask): Sums {
  const { data, channels: stride } = image;
  const alpha = keyAlpha.data;
  let count = 0;
  let sum = 0;
  let sum2 = 0;
  if (colourChannelCount(image) === 3) {
    for (let p = 0, i = 0; p < alpha.length; p++, i += stride) {
      if (alpha[p] !== 0) continue;
      const r = data[i];
      const g = data[i + 1];
      const b = data[i + 2];
      sum += r + g + b;
      sum2 += r * r + g * g + b * b;
      count++;
    }
    return { n: 3 * count, sum, sum2 };
  }
  for (let p = 0, i = 0; p < alpha.length; p++, i += stride) {
    if (alpha[p] !== 0) continue;
    const v = data[i];
    sum += v;
    sum2 += v * v;
    count++;
  }
  return { n: count, sum, sum2 };
}

/** 16-bit samples to 8-bit levels (multiplied by this, not divided by 257: the recorded bits). */
const LEVEL_SCALE_16 = 1 / 257;

/** 16-bit samples in 8-bit levels, each rounded to float32 (the order of the sums is fixed). */
function levelSums(image: RawImage, keyAlpha: AlphaMask): Sums {
  const { data, channels: stride } = image;
  const alpha = keyAlpha.data;
  const channels = colourChannelCount(image);
  let n = 0;
  let sum = 0;
  let sum2 = 0;
  for (let p = 0, i = 0; p < alpha.length; p++, i += stride) {
    if (alpha[p] !== 0) continue;
    for (let c = 0; c < channels; c++) {
      const v = Math.fround(data[i + c] * LEVEL_SCALE_16);
      sum += v;
      sum2 += v * v;
    }
    n += channels;
  }
  return { n, sum, sum2 };
}

type Stats = ReturnType<typeof backgroundStats>;

/** The source's statistics by source and key alpha: the same for every output of one source. */
const sourceStats = new WeakMap<RawImage, WeakMap<AlphaMask, Stats>>();

function sourceBackgroundStats(source: RawImage, keyAlpha: AlphaMask): Stats {
  let byAlpha = sourceStats.get(source);
  if (byAlpha === undefined) {
    byAlpha = new WeakMap();
    sourceStats.set(source, byAlpha);
  }
  if (!byAlpha.has(keyAlpha)) byAlpha.set(keyAlpha, backgroundStats(source, keyAlpha));
  return byAlpha.get(keyAlpha) ?? null;
}

/**
 * Why `output` is unusable ('black image ...', 'nearly constant image ...'), or null when it
 * passes. Only the regenerated pixels are judged, against the same pixels of the source.
 */
export function outputProblem(
  output: RawImage,
  source: RawImage,
  keyAlpha: AlphaMask,
): string | null {
  const out = backgroundStats(output, keyAlpha);
  const ref = sourceBackgroundStats(source, keyAlpha);
  if (out === null || ref === null) return null;
  if (out.mean < BLACK_MEAN && ref.mean >= BLACK_REFERENCE_MEAN)
    return `black image (background mean level ${out.mean.toFixed(1)}, the source's ${ref.mean.toFixed(1)})`;
  if (out.std < FLAT_STD && ref.std >= FLAT_REFERENCE_STD)
    return `nearly constant image (background standard deviation ${out.std.toFixed(2)} levels, the source's ${ref.std.toFixed(1)})`;
  return null;
}

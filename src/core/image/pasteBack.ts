/**
 * The key-region guarantee shared by every engine: where the feathered key alpha is 1 the output
 * is the source, sample for sample; where it is 0 it is the generated image; in between a blend.
 */
import { matchFormat } from './pixelFormat';
import { alphaBounds, type AlphaMask, type RawImage } from './rawImage';
import { checkRawImage } from './sharpRaw';

/** How {@link pasteKeyRegion} may treat the generated image. */
export interface PasteOptions {
  /**
   * The caller made `generated` for this paste and will not read it again: the paste writes into
   * its buffer instead of a copy of it (a whole image less to allocate and copy; on a small key
   * region that copy was a large share of the call). Default false: `generated` is left as it was.
   */
  consumeGenerated?: boolean;
}

/**
 * Paste the source's key region onto a generated image of the same width and height. The result
 * has the source's channel count and bit depth (the generated image is converted first).
 */
export function pasteKeyRegion(
  generated: RawImage,
  source: RawImage,
  keyAlpha: AlphaMask,
  options: PasteOptions = {},
): RawImage {
  checkRawImage(source);
  const { width, height, channels } = source;
  if (generated.width !== width || generated.height !== height) {
    throw new Error(
      `pasteKeyRegion: generated image is ${generated.width}x${generated.height}, source is ${width}x${height}; resize it first`,
    );
  }
  if (keyAlpha.width !== width || keyAlpha.height !== height) {
    throw new Error(
      `pasteKeyRegion: key alpha is ${keyAlpha.width}x${keyAlpha.height}, source is ${width}x${height}`,
    );
  }
  const converted = matchFormat(generated, source);
  const gen = converted.data;
  const src = source.data;
  // A converted image is a new buffer of our own; the caller's only when it says so.
  const ownsGenerated = converted !== generated || options.consumeGenerated === true;
  const out = ownsGenerated
    ? gen
    : source.bitDepth === 16
      ? new Uint16Array(src.length)
      : new Uint8Array(src.length);
  // Most pixels lie outside the key region (alpha 0): the generated image as it is (one block
  // copy unless its buffer is ours), then only the pixels with alpha > 0 (or NaN, blended as
  // before) are rewritten, looked for only where the alpha's producer says it wrote (its bounds)
  // when it says so. A blended sample reads its generated value before overwriting it.
  if (out !== gen) out.set(gen);
  const alpha = keyAlpha.data;
  const { x0, y0, x1, y1 } = alphaBounds(keyAlpha);
  for (let y = y0; y <= y1; y++) {
    for (
      let p = y * width + x0, end = y * width + x1, i = p * channels;
      p <= end;
      p++, i += channels
    ) {
      const a = alpha[p];
      if (a <= 0) continue;
      if (a >= 1) {
        for (let c = 0; c < channels; c++) out[i + c] = src[i + c];
      } else {
        for (let c = 0; c < channels; c++)
          out[i + c] = Math.round(a * src[i + c] + (1 - a) * gen[i + c]);
      }
    }
  }
  return { width, height, channels, bitDepth: source.bitDepth, data: out };
}

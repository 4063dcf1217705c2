/**
 * Resizing with sharp that keeps channel count and bit depth. Conversions between channel
 * counts and depths live in pixelFormat.ts and are re-exported here for callers of this module.
 */
import type { RawImage } from './rawImage';
import { sharpFromRaw, sharpToRaw } from './sharpRaw';

export { toBitDepth, toChannels, matchFormat } from './pixelFormat';

/** sharp's resampling kernels. */
export type ResizeKernel = 'nearest' | 'linear' | 'cubic' | 'mitchell' | 'lanczos2' | 'lanczos3';

/**
 * Scale to cover width x height and crop the centre (no distortion, no padding), as used to fit
 * a target-domain exemplar to the source's size.
 */
export async function resizeCover(
  image: RawImage,
  width: number,
  height: number,
): Promise<RawImage> {
  return resize(image, width, height, 'cover', 'lanczos3');
}

/** Scale to exactly width x height (aspect ratio not kept). */
export async function resizeExact(
  image: RawImage,
  width: number,
  height: number,
  kernel: ResizeKernel = 'lanczos3',
): Promise<RawImage> {
  return resize(image, width, height, 'fill', kernel);
}

async function resize(
  image: RawImage,
  width: number,
  height: number,
  fit: 'cover' | 'fill',
  kernel: ResizeKernel,
): Promise<RawImage> {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`resize: size must be positive integers, got ${width}x${height}`);
  }
  if (image.width === width && image.height === height) return image;
  const pipeline = sharpFromRaw(image).resize(width, height, { fit, position: 'centre', kernel });
  const out = await sharpToRaw(
    pipeline,
    image.channels <= 2,
    image.bitDepth,
    image.channels % 2 === 0,
  );
  if (out.channels !== image.channels) {
    throw new Error(
      `resize: sharp returned ${out.channels} channels for a ${image.channels}-channel image`,
    );
  }
  return out;
}

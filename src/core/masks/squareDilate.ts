/**
 * Dilation with a square kernel repeated n times, as OpenCV's `cv2.dilate(mask, np.ones((k, k)),
 * iterations=n)` does (the authors' camera-trap margin: 11x11, 3 iterations). n passes of a k x k
 * square equal one pass of a square of side n * (k - 1) + 1, done here as two separable
 * sliding-window maxima, O(pixels) whatever the size.
 */
import type { BinaryMask } from '../image/rawImage';

function dilateLine(
  src: Uint8Array,
  dst: Uint8Array,
  start: number,
  step: number,
  count: number,
  radius: number,
): void {
  // Distance to the nearest set sample on the left, then the right, in one pass each.
  let last = -Infinity;
  for (let i = 0; i < count; i++) {
    if (src[start + i * step] !== 0) last = i;
    dst[start + i * step] = i - last <= radius ? 1 : 0;
  }
  let next = Infinity;
  for (let i = count - 1; i >= 0; i--) {
    if (src[start + i * step] !== 0) next = i;
    if (next - i <= radius) dst[start + i * step] = 1;
  }
}

/** Dilate with a `kernel` x `kernel` square (odd size), `iterations` times. */
export function dilateSquare(mask: BinaryMask, kernel: number, iterations: number): BinaryMask {
  if (!Number.isInteger(kernel) || kernel < 1 || kernel % 2 === 0)
    throw new Error(`dilation kernel must be an odd positive integer, got ${kernel}`);
  if (!Number.isInteger(iterations) || iterations < 0)
    throw new Error(`dilation iterations must be a non-negative integer, got ${iterations}`);
  const radius = ((kernel - 1) / 2) * iterations;
  if (radius === 0) return mask;
  const { width, height } = mask;
  const rows = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) dilateLine(mask.data, rows, y * width, 1, width, radius);
  const out = new Uint8Array(width * height);
  for (let x = 0; x < width; x++) dilateLine(rows, out, x, width, height, radius);
  return { width, height, data: out };
}

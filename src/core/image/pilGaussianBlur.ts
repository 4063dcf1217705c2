/**
 * PIL's ImageFilter.GaussianBlur on an 8-bit single-channel image, as diffusers'
 * VaeImageProcessor.blur applies it to the inpainting mask (blur_factor = PIL radius = sigma).
 *
 * PIL does not convolve with a Gaussian: it runs 3 passes of an "extended box" filter per axis
 * (Gwosdek et al., SSVM 2011), horizontal passes first, then vertical, each pass rounding to
 * 8 bits, edges extended by repeating the border pixel, weights in 24-bit fixed point. This is an
 * independent re-implementation of that documented behaviour (box radius formula, fixed-point
 * weights, rounding, clamped edges); float32 rounding of the radius is emulated with
 * Math.fround. The unit test checks it against values produced by PIL itself.
 */

const PASSES = 3;

/** The fractional box radius PIL derives from sigma for `passes` box passes (float32 arithmetic). */
export function pilBoxRadius(sigma: number, passes = PASSES): number {
  const f = Math.fround;
  const sigma2 = f(f(f(sigma) * f(sigma)) / passes);
  const boxLength = f(Math.sqrt(12.0 * sigma2 + 1.0));
  const l = f(Math.floor((boxLength - 1.0) / 2.0));
  let a = f(f(2 * l + 1) * f(f(l * f(l + 1)) - f(3 * sigma2)));
  a = f(a / f(6 * f(sigma2 - f(f(l + 1) * f(l + 1)))));
  return f(l + a);
}

/** Blur 8-bit grey samples in place-free fashion; returns a new array. */
export function pilGaussianBlur8(
  data: Uint8Array,
  width: number,
  height: number,
  sigma: number,
): Uint8Array {
  if (sigma <= 0) return data.slice();
  const radius = pilBoxRadius(sigma);
  let current = data.slice();
  const scratch = new Uint8Array(Math.max(width, height));
  const line = new Uint8Array(Math.max(width, height));
  for (let pass = 0; pass < PASSES; pass++) {
    for (let y = 0; y < height; y++) {
      const row = current.subarray(y * width, (y + 1) * width);
      line.set(row);
      boxBlurLine(line, scratch, width, radius);
      row.set(scratch.subarray(0, width));
    }
  }
  const next = current;
  for (let pass = 0; pass < PASSES; pass++) {
    for (let x = 0; x < width; x++) {
      for (let y = 0; y < height; y++) line[y] = next[y * width + x];
      boxBlurLine(line, scratch, height, radius);
      for (let y = 0; y < height; y++) next[y * width + x] = scratch[y];
    }
  }
  current = next;
  return current;
}

/**
 * One extended-box pass over a line: integer box of 2r+1 taps with weight ww each plus the two
 * next taps with the fractional weight fw, sum rounded from 24-bit fixed point.
 */
function boxBlurLine(
  input: Uint8Array,
  output: Uint8Array,
  length: number,
  floatRadius: number,
): void {
  const r = Math.trunc(floatRadius);
  const ww = Math.trunc(Math.fround(16777216 / Math.fround(floatRadius * 2 + 1)));
  const fw = Math.trunc((16777216 - (r * 2 + 1) * ww) / 2);
  const last = length - 1;
  const at = (i: number): number => input[i < 0 ? 0 : i > last ? last : i];
  let acc = 0;
  for (let i = -r; i <= r; i++) acc += at(i);
  for (let x = 0; x < length; x++) {
    const bulk = acc * ww + (at(x - r - 1) + at(x + r + 1)) * fw;
    output[x] = Math.floor((bulk + 8388608) / 16777216);
    acc += at(x + r + 1) - at(x - r);
  }
}

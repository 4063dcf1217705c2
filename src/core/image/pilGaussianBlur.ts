/**
 * PIL's ImageFilter.GaussianBlur on an 8-bit single-channel image, as diffusers'
 * VaeImageProcessor.blur applies it to the inpainting mask (blur_factor = PIL radius = sigma).
 *
 * PIL does not convolve with a Gaussian: it runs 3 passes of an "extended box" filter per axis
 * (Gwosdek et al., SSVM 2011), horizontal passes first, then vertical, each pass rounding to
 * 8 bits, edges extended by repeating the border pixel, weights in 24-bit fixed point. This is an
 * independent re-implementation of that documented behaviour (box radius formula, fixed-point
 * weights, rounding, clamped edges); float32 rounding of the radius is emulated with
 * Math.fround. The unit test checks it sample for sample against values produced by PIL itself.
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

/** Blur 8-bit grey samples; returns a new array. */
export function pilGaussianBlur8(
  data: Uint8Array,
  width: number,
  height: number,
  sigma: number,
): Uint8Array {
  if (sigma <= 0) return data.slice();
  const radius = pilBoxRadius(sigma);
  // Like PIL: all horizontal passes, then the vertical ones as horizontal passes on the transpose.
  const rows = data.slice();
  blurRows(rows, width, height, radius);
  const columns = transpose(rows, width, height);
  blurRows(columns, height, width, radius);
  return transpose(columns, height, width);
}

function transpose(data: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) out[x * height + y] = data[y * width + x];
  return out;
}

/** PASSES extended-box passes over every row, in place. */
function blurRows(data: Uint8Array, width: number, height: number, floatRadius: number): void {
  const r = Math.trunc(floatRadius);
  const ww = Math.trunc(Math.fround(16777216 / Math.fround(floatRadius * 2 + 1)));
  const fw = Math.trunc((16777216 - (r * 2 + 1) * ww) / 2);
  // The row with r + 1 copies of its end samples on each side, so the sliding sum needs no clamping.
  const padded = new Int32Array(width + 2 * r + 2);
  for (let y = 0; y < height; y++) {
    const row = data.subarray(y * width, (y + 1) * width);
    for (let pass = 0; pass < PASSES; pass++) {
      padded.fill(row[0], 0, r + 1);
      for (let x = 0; x < width; x++) padded[x + r + 1] = row[x];
      padded.fill(row[width - 1], width + r + 1);
      // Window of 2r + 1 taps centred on x, i.e. padded[x + 1 .. x + 2r + 1].
      let acc = 0;
      for (let i = 1; i <= 2 * r + 1; i++) acc += padded[i];
      for (let x = 0; x < width; x++) {
        const bulk = acc * ww + (padded[x] + padded[x + 2 * r + 2]) * fw;
        row[x] = Math.floor((bulk + 8388608) / 16777216);
        acc += padded[x + 2 * r + 2] - padded[x + 1];
      }
    }
  }
}

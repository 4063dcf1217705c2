/**
 * Colour layouts of DICOM pixel data brought to interleaved RGB: planar configuration 1 (all R,
 * then all G, then all B), YBR_FULL (full-range BT.601 YCbCr, PS3.3 C.7.6.3.1.2) and
 * YBR_FULL_422 (two luma samples share one Cb/Cr pair along a row).
 */

/** Interleaves planar samples (`RRR...GGG...BBB...`) into `RGBRGB...`. */
export function interleavePlanar(values: Int32Array, pixels: number, samples: number): Int32Array {
  const out = new Int32Array(values.length);
  for (let s = 0; s < samples; s++)
    for (let p = 0; p < pixels; p++) out[p * samples + s] = values[s * pixels + p] ?? 0;
  return out;
}

/** Expands YBR_FULL_422 (`Y1 Y2 Cb Cr` per pixel pair) to full YBR (`Y Cb Cr` per pixel). */
export function expandYbr422(values: Int32Array, columns: number, rows: number): Int32Array {
  const out = new Int32Array(columns * rows * 3);
  const rowIn = columns * 2; // 4 samples per 2 pixels
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const pair = y * rowIn + Math.floor(x / 2) * 4;
      const o = (y * columns + x) * 3;
      out[o] = values[pair + (x % 2)] ?? 0;
      out[o + 1] = values[pair + 2] ?? 0;
      out[o + 2] = values[pair + 3] ?? 0;
    }
  }
  return out;
}

/**
 * YBR_FULL to RGB in place, for samples of `bits` bits: the inverse of PS3.3's equations (the
 * BT.601 coefficients), rounded and clipped to the sample range.
 */
export function ybrFullToRgb(values: Int32Array, bits: number): Int32Array {
  const max = 2 ** bits - 1;
  const half = 2 ** (bits - 1);
  const clip = (v: number): number => Math.min(max, Math.max(0, Math.round(v)));
  for (let i = 0; i + 2 < values.length; i += 3) {
    const y = values[i] ?? 0;
    const cb = (values[i + 1] ?? 0) - half;
    const cr = (values[i + 2] ?? 0) - half;
    values[i] = clip(y + 1.402 * cr);
    values[i + 1] = clip(y - 0.344136 * cb - 0.714136 * cr);
    values[i + 2] = clip(y + 1.772 * cb);
  }
  return values;
}

/**
 * IEEE 754 half-precision conversion. Node 20 has no Float16Array, and onnxruntime-node exchanges
 * float16 tensors as Uint16Array bit patterns, so the pipeline converts at the model boundary.
 * Rounding is round-to-nearest-even, subnormals are produced and read exactly, overflow gives
 * infinity and NaN stays NaN (the pipeline relies on that to report fp16 overflow clearly).
 */

let halfToFloatTable: Float32Array | undefined;

/**
 * All 65536 half values decoded once (256 KiB), so bulk decoding is one table look-up per value.
 * Exported for loops that decode while they compute (the UNet output's guidance).
 */
export function float16DecodeTable(): Float32Array {
  if (halfToFloatTable) return halfToFloatTable;
  const table = new Float32Array(65536);
  for (let bits = 0; bits < 65536; bits++) table[bits] = decodeHalf(bits);
  halfToFloatTable = table;
  return table;
}

function decodeHalf(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Half bits for the float32 whose raw bits are `x` (round to nearest, ties to even). */
function encodeBits(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return mantissa === 0 ? sign | 0x7c00 : sign | 0x7e00 | (mantissa >>> 13);
  const halfExponent = exponent - 112; // rebias 127 -> 15
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    // Subnormal half: value in units of 2^-24 is (1.mantissa) * 2^(exponent - 126).
    if (halfExponent < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - halfExponent;
    const rest = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    let result = mantissa >>> shift;
    if (rest > halfway || (rest === halfway && (result & 1) === 1)) result++;
    return sign | result;
  }
  let result = (halfExponent << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (and 65520+ becomes infinity).
  if (rest > 0x1000 || (rest === 0x1000 && (result & 1) === 1)) result++;
  return sign | result;
}

/** Converts float32 values to half-precision bit patterns. */
export function float32ToFloat16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  float32ToFloat16Into(values, out, 0);
  return out;
}

/**
 * Writes the half-precision bits of `values` into `out` from `offset`: the same conversion without
 * an allocation, for buffers the pipeline refills every denoising step.
 */
export function float32ToFloat16Into(values: Float32Array, out: Uint16Array, offset: number): void {
  if (offset < 0 || offset + values.length > out.length)
    throw new RangeError('float32ToFloat16Into: the values do not fit the output');
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < bits.length; i++) {
    const x = bits[i];
    const magnitude = x & 0x7fffffff;
    // The common case, a result in the normal half range (2^-14 <= |x| < 65520), branch-free:
    // rebias the exponent (127 -> 15), then round the 13 dropped bits to nearest, ties to even;
    // a carry runs into the exponent as it should. Everything else takes the general path.
    if (magnitude >= 0x38800000 && magnitude < 0x477ff000) {
      const rebiased = magnitude - 0x38000000;
      out[offset + i] =
        ((x >>> 16) & 0x8000) | ((rebiased + 0xfff + ((rebiased >>> 13) & 1)) >>> 13);
    } else {
      out[offset + i] = encodeBits(x);
    }
  }
}

/** Converts half-precision bit patterns to float32 values. */
export function float16ToFloat32(halves: Uint16Array): Float32Array {
  const table = float16DecodeTable();
  const out = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) out[i] = table[halves[i]];
  return out;
}

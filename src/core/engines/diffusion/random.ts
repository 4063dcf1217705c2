/**
 * Seeded Gaussian noise that is identical on every platform for a given seed (documented in
 * docs/random.md; an independent Python implementation lives in scripts/fixtures/scheduler_reference.py
 * and produces the golden values the unit test checks).
 *
 * Algorithm, exactly:
 * 1. Seed: an integer 0 <= seed <= 2^53 - 1. `low = seed mod 2^32`, `high = floor(seed / 2^32)`.
 *    A splitmix32 state starts at `low`; two outputs give s0, s1; the state is XOR-ed with `high`; two more
 *    outputs give s2, s3. splitmix32: `state += 0x9E3779B9; z = state; z ^= z >>> 16; z *= 0x21F0AAAD;
 *    z ^= z >>> 15; z *= 0x735A2D97; z ^= z >>> 15` (all mod 2^32).
 * 2. Integers: xoshiro128** (Blackman and Vigna) on (s0, s1, s2, s3).
 * 3. Uniforms with 53 random bits: `k = (next() >>> 5) * 2^26 + (next() >>> 6)`; u1 = (k1 + 1) / 2^53 in
 *    (0, 1] (never 0, so the logarithm is finite) and u2 = k2 / 2^53 in [0, 1).
 * 4. Box-Muller in float64: r = sqrt(-2 ln u1), z0 = r cos(2 pi u2), z1 = r sin(2 pi u2); each rounded to
 *    float32 when emitted, z0 first. The unused z1 is kept, so the stream does not depend on how calls to
 *    next() split it.
 * Integer steps use Math.imul and `>>> 0`, so they are exact in every JavaScript engine; Math.log, Math.cos
 * and Math.sin are fdlibm ports in V8, the same code on every operating system.
 */

/** A source of standard normal noise; the pipeline and ancestral schedulers draw from it, tests inject recordings. */
export interface NoiseSource {
  /** The next `count` values of the stream (float32, C order when filling a tensor). */
  next(count: number): Float32Array;
  /** Optional: the next `count` values written into `out` from `offset` (no allocation). */
  fill?(out: Float32Array, offset: number, count: number): void;
}

const TWO_POW_32 = 4294967296;
/** 2^-53: multiplying by it is exact, the same as dividing by 2^53. */
const INV_TWO_POW_53 = 1 / 9007199254740992;

/** 32-bit rotate left, as an int32 bit pattern. */
function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Seeded, platform-independent standard normal generator (xoshiro128** + Box-Muller, see the file comment).
 * The hot path keeps the state in int32 locals (bitwise operators give int32 in JavaScript; only the
 * emitted integers are read unsigned) and emits Box-Muller pairs, so drawing a latent's worth of noise
 * allocates nothing beyond its output.
 */
export class GaussianGenerator implements NoiseSource {
  // xoshiro128** state as int32 bit patterns.
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private splitmixState: number;
  /** The second value of the last Box-Muller pair when it has not been emitted yet. */
  private spare = 0;
  private hasSpare = false;

  /** @param seed integer in [0, 2^53 - 1]; throws a RangeError otherwise. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(
        `GaussianGenerator: seed must be an integer in [0, 2^53 - 1], got ${String(seed)}`,
      );
    }
    this.splitmixState = (seed % TWO_POW_32) >>> 0;
    const high = Math.floor(seed / TWO_POW_32) >>> 0;
    this.s0 = this.splitmix32() | 0;
    this.s1 = this.splitmix32() | 0;
    this.splitmixState = (this.splitmixState ^ high) >>> 0;
    this.s2 = this.splitmix32() | 0;
    this.s3 = this.splitmix32() | 0;
  }

  private splitmix32(): number {
    this.splitmixState = (this.splitmixState + 0x9e3779b9) >>> 0;
    let z = this.splitmixState;
    z ^= z >>> 16;
    z = Math.imul(z, 0x21f0aaad);
    z ^= z >>> 15;
    z = Math.imul(z, 0x735a2d97);
    z ^= z >>> 15;
    return z >>> 0;
  }

  /** The next raw 32-bit output of xoshiro128** (exposed for the golden-value test). */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** The next `count` standard normal values, rounded to float32. */
  next(count: number): Float32Array {
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(
        `GaussianGenerator.next: count must be a non-negative integer, got ${String(count)}`,
      );
    }
    const out = new Float32Array(count);
    this.fill(out, 0, count);
    return out;
  }

  /**
   * Writes the next `count` values of the stream into `out` from `offset` (the same values
   * {@link next} would return), for callers that reuse a buffer.
   */
  fill(out: Float32Array, offset = 0, count = out.length - offset): void {
    if (!Number.isInteger(offset) || !Number.isInteger(count) || offset < 0 || count < 0)
      throw new RangeError(
        'GaussianGenerator.fill: offset and count must be non-negative integers',
      );
    if (offset + count > out.length)
      throw new RangeError('GaussianGenerator.fill: the range does not fit the output');
    let i = offset;
    const end = offset + count;
    if (this.hasSpare && i < end) {
      out[i++] = this.spare;
      this.hasSpare = false;
    }
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    let r: number;
    let t: number;
    while (i < end) {
      // Four xoshiro128** outputs, inlined: two per 53-bit uniform.
      r = Math.imul(s1, 5);
      const a = Math.imul((r << 7) | (r >>> 25), 9) >>> 5;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      r = Math.imul(s1, 5);
      const b = Math.imul((r << 7) | (r >>> 25), 9) >>> 6;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      r = Math.imul(s1, 5);
      const c = Math.imul((r << 7) | (r >>> 25), 9) >>> 5;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      r = Math.imul(s1, 5);
      const d = Math.imul((r << 7) | (r >>> 25), 9) >>> 6;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const u1 = (a * 67108864 + b + 1) * INV_TWO_POW_53;
      const u2 = (c * 67108864 + d) * INV_TWO_POW_53;
      const radius = Math.sqrt(-2 * Math.log(u1));
      const angle = 2 * Math.PI * u2;
      out[i++] = radius * Math.cos(angle);
      const second = radius * Math.sin(angle);
      if (i < end) out[i++] = second;
      else {
        this.spare = second;
        this.hasSpare = true;
      }
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }
}

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
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Seeded, platform-independent standard normal generator (xoshiro128** + Box-Muller, see the file comment). */
export class GaussianGenerator implements NoiseSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private splitmixState: number;
  private spare: number | undefined;

  /** @param seed integer in [0, 2^53 - 1]; throws a RangeError otherwise. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(
        `GaussianGenerator: seed must be an integer in [0, 2^53 - 1], got ${String(seed)}`,
      );
    }
    this.splitmixState = (seed % TWO_POW_32) >>> 0;
    const high = Math.floor(seed / TWO_POW_32) >>> 0;
    this.s0 = this.splitmix32();
    this.s1 = this.splitmix32();
    this.splitmixState = (this.splitmixState ^ high) >>> 0;
    this.s2 = this.splitmix32();
    this.s3 = this.splitmix32();
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
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  private uniform53(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return high * 67108864 + low;
  }

  /** The next `count` standard normal values, rounded to float32. */
  next(count: number): Float32Array {
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(
        `GaussianGenerator.next: count must be a non-negative integer, got ${String(count)}`,
      );
    }
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      if (this.spare !== undefined) {
        out[i] = this.spare;
        this.spare = undefined;
        continue;
      }
      const u1 = (this.uniform53() + 1) / TWO_POW_53;
      const u2 = this.uniform53() / TWO_POW_53;
      const radius = Math.sqrt(-2 * Math.log(u1));
      const angle = 2 * Math.PI * u2;
      out[i] = radius * Math.cos(angle);
      this.spare = radius * Math.sin(angle);
    }
    return out;
  }
}

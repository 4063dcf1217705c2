/** The demo's seeded random numbers, drawn from the same mulberry32 as the composite engine. */
import { uniformRandom } from '../util/seededRandom';

/**
 * A small seeded PRNG (mulberry32) for the synthetic dataset: the same seed draws the same
 * numbers on every platform, which keeps the demo byte-for-byte reproducible.
 */
export class SeededRandom {
  private readonly uniform: () => number;

  constructor(seed: number) {
    this.uniform = uniformRandom(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uniform();
  }

  /** Uniform in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

/**
 * Comparing our float32 results with values diffusers recorded, in units of float32 precision.
 *
 * The recorded values come from PyTorch, whose CPU kernels (scalar, AVX2, AVX-512) round
 * differently: fixtures regenerated on another machine move by a few float32 eps of the tensor's
 * largest magnitude (measured in python/tests/tolerances.py: up to 5.3 for scheduler steps, 4.5 for
 * whole-pipeline latents), and ONNX Runtime's kernels differ between CPUs the same way. An element
 * near zero is the difference of terms as large as the tensor's biggest, so the bound scales with
 * max |expected| over the tensor, never with one element or a fixed absolute number.
 */
import { maxAbsDiff } from './schedulers/referenceFixture';

/** float32 machine epsilon (2^-23). */
export const FLOAT32_EPS = 2 ** -23;

/**
 * About six times the largest difference measured between fixtures recorded with different
 * PyTorch kernels (5.3 eps x max |value|), for elementwise chains and whole denoising loops.
 */
export const ROUNDING_MULTIPLE = 32;

/** How far `actual` is from `expected`, and the bound `multiple` eps x max |expected| allows. */
export interface Float32Comparison {
  diff: number;
  bound: number;
  ok: boolean;
  /** "max |diff| 3.1e-6 of bound 4.6e-5 (32 eps x max |value| 12.1)" for assertion messages. */
  describe: string;
}

/** Compares two tensors within `multiple` float32 eps of the expected tensor's largest magnitude. */
export function compareFloat32(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  multiple: number = ROUNDING_MULTIPLE,
): Float32Comparison {
  const diff = maxAbsDiff(actual, expected);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  // The smallest normal float32 keeps an all-zero tensor's bound at exact equality.
  const bound = multiple * FLOAT32_EPS * Math.max(scale, 2 ** -126);
  return {
    diff,
    bound,
    ok: diff <= bound,
    describe: `max |diff| ${diff.toExponential(2)} of bound ${bound.toExponential(2)} (${multiple} eps x max |value| ${scale.toPrecision(3)})`,
  };
}

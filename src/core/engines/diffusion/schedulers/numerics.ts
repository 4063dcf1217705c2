/**
 * Numeric helpers that reproduce, operation by operation, what diffusers' schedulers compute with torch
 * float32 tensors and numpy float64 arrays. Keeping float32 rounding after every torch operation
 * (Math.fround) makes the TypeScript results match diffusers to the last bit or within an ulp, which is
 * what lets the scheduler tests demand 1e-6 absolute agreement.
 */

/** Round to float32, as every torch float32 operation does. */
export const f32 = Math.fround;

/** numpy's np.round / Python's round(): halves go to the even neighbour (Math.round would round 0.5 up). */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * torch.linspace(start, end, steps, dtype=float32) on CPU: a float32 step, then start + step * i for the
 * first half and end - step * (steps - 1 - i) for the second, each a fused multiply-add (the compiled kernel
 * contracts it), i.e. one rounding of the exact value.
 */
export function torchLinspaceF32(start: number, end: number, steps: number): Float32Array {
  const out = new Float32Array(steps);
  const s = f32(start);
  const e = f32(end);
  if (steps === 1) {
    out[0] = s;
    return out;
  }
  const step = f32(f32(e - s) / (steps - 1));
  const halfway = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) {
    // step * i is exact in float64 (24-bit mantissa times an integer below 2^29); one rounding to float32 follows.
    out[i] = i < halfway ? s + step * i : e - step * (steps - i - 1);
  }
  return out;
}

/** np.linspace(start, stop, num, endpoint) in float64: i * step + start, the last value set to stop. */
export function numpyLinspace(start: number, stop: number, num: number, endpoint = true): number[] {
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  const out: number[] = [];
  const step = div > 0 ? delta / div : NaN;
  for (let i = 0; i < num; i++) {
    if (div > 0) out.push(step === 0 ? (i / div) * delta + start : i * step + start);
    else out.push(i * delta + start);
  }
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}

/** np.arange(start, stop, step) for a float step (numpy fills start + i * ((start + step) - start)). */
export function numpyArange(start: number, stop: number, step: number): number[] {
  const length = Math.max(Math.ceil((stop - start) / step), 0);
  const out: number[] = [];
  if (length === 0) return out;
  out.push(start);
  if (length === 1) return out;
  const delta = start + step - start;
  out.push(start + delta);
  for (let i = 2; i < length; i++) out.push(start + i * delta);
  return out;
}

/** np.interp(x, arange(len(fp)), fp) in float64 (the schedulers interpolate sigmas at timesteps). */
export function interpAtIndex(x: number, fp: ArrayLike<number>): number {
  const last = fp.length - 1;
  if (x <= 0) return fp[0];
  if (x >= last) return fp[last];
  const j = Math.floor(x);
  const slope = (fp[j + 1] - fp[j]) / 1;
  const result = slope * (x - j) + fp[j];
  return Number.isNaN(result) ? slope * (x - (j + 1)) + fp[j + 1] : result;
}

/** torch.cumprod on a CPU float32 tensor: the running product is kept in float64, each output rounded. */
export function cumprodF32(values: Float32Array): Float32Array {
  const out = new Float32Array(values.length);
  let product = 1;
  for (let i = 0; i < values.length; i++) {
    product *= values[i];
    out[i] = product;
  }
  return out;
}

/** Throws unless the arrays have the same length (scheduler inputs must be one latent shape). */
export function assertSameLength(what: string, ...arrays: ArrayLike<number>[]): void {
  const n = arrays[0].length;
  for (const array of arrays) {
    if (array.length !== n) {
      throw new RangeError(`${what}: tensors differ in size (${n} vs ${array.length} elements)`);
    }
  }
}

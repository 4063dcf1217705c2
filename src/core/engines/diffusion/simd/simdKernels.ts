/**
 * The denoising loop's float32 kernels in WebAssembly SIMD (kernels.wat), behind plain functions
 * over Float32Arrays. Each call copies its inputs into the module's memory and its result out: a
 * memcpy is far cheaper than the per-value Math.fround of the JavaScript versions, which remain the
 * reference (every kernel gives the same bits; test/unit/diffusion/simdKernels.test.ts).
 * Compiled synchronously once per process (853 bytes); where WebAssembly SIMD is missing the
 * callers keep their JavaScript loops.
 */
import { KERNELS_WASM_BASE64 } from './kernelsWasm';

/**
 * The part of the WebAssembly JS API used here, typed locally: the project compiles without the
 * DOM library, and @types/node 20 declares no WebAssembly values.
 */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

interface KernelExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  pndm4(
    e0: number,
    e1: number,
    e2: number,
    e3: number,
    sample: number,
    out: number,
    n: number,
    sampleCoeff: number,
    diff: number,
    denom: number,
    oneOver24: number,
  ): void;
  guidance(u: number, c: number, out: number, n: number, scale: number): void;
  axpby(x: number, y: number, out: number, n: number, a: number, b: number): void;
  allFinite(p: number, n: number): number;
  toRgb8(input: number, out: number, pixels: number): number;
  eulerAncestralEpsilon(
    x: number,
    m: number,
    noise: number,
    out: number,
    n: number,
    sigma: number,
    dt: number,
    sigmaUp: number,
  ): void;
  lcmEpsilon(
    x: number,
    m: number,
    out: number,
    n: number,
    sqrtBeta: number,
    sqrtAlpha: number,
    cOut: number,
    cSkip: number,
  ): void;
  dpmX0(s: number, m: number, out: number, n: number, sigma: number, alpha: number): void;
  dpm2(
    s: number,
    m0: number,
    m1: number,
    out: number,
    n: number,
    invR0: number,
    sampleCoeff: number,
    d0Coeff: number,
    d1Coeff: number,
  ): void;
  ddimEpsilon(
    x: number,
    m: number,
    out: number,
    n: number,
    sqrtBeta: number,
    sqrtAlpha: number,
    sqrtAlphaPrev: number,
    directionCoeff: number,
  ): void;
}

const PAGE_BYTES = 65536;

/** The kernels over one WebAssembly memory split into equal, 16-byte aligned slots. */
export class SimdKernels {
  private view: Float32Array;

  private constructor(private readonly exports: KernelExports) {
    this.view = new Float32Array(exports.memory.buffer);
  }

  /** The kernels, or undefined where this runtime cannot compile WebAssembly SIMD. */
  static create(): SimdKernels | undefined {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    const bytes = Buffer.from(KERNELS_WASM_BASE64, 'base64');
    if (!wasm || !wasm.validate(bytes)) return undefined;
    const instance = new wasm.Instance(new wasm.Module(bytes), {});
    return new SimdKernels(instance.exports as KernelExports);
  }

  /** Byte offsets of `count` slots of `n` floats each, the memory grown to hold them. */
  private slots(count: number, n: number): number[] {
    const slotBytes = Math.ceil((n * 4) / 16) * 16;
    const needed = count * slotBytes;
    const { memory } = this.exports;
    if (memory.buffer.byteLength < needed) {
      memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE_BYTES));
    }
    // Growing detaches the old buffer; a view is cheap to remake.
    if (this.view.buffer !== memory.buffer) this.view = new Float32Array(memory.buffer);
    return Array.from({ length: count }, (_, i) => i * slotBytes);
  }

  private put(values: Float32Array, offset: number): void {
    this.view.set(values, offset / 4);
  }

  private take(offset: number, n: number): Float32Array {
    return this.view.slice(offset / 4, offset / 4 + n);
  }

  /**
   * The shape of most kernels: copy `inputs` (each `n` floats) into the memory, run `kernel` with
   * their offsets and an output slot, copy the output out.
   */
  private elementwise(
    inputs: readonly Float32Array[],
    kernel: (pointers: number[], out: number, n: number) => void,
  ): Float32Array {
    const n = inputs[0].length;
    const pointers = this.slots(inputs.length + 1, n);
    inputs.forEach((values, i) => this.put(values, pointers[i]));
    const out = pointers[inputs.length];
    kernel(pointers, out, n);
    return this.take(out, n);
  }

  /** PNDM's fourth-order step: sc * s - (diff * (k24 * (((55 e3 - 59 e2) + 37 e1) - 9 e0))) / denom. */
  pndm4(
    e: readonly [Float32Array, Float32Array, Float32Array, Float32Array],
    sample: Float32Array,
    c: { sampleCoeff: number; diff: number; denom: number; oneOver24: number },
  ): Float32Array {
    return this.elementwise([...e, sample], ([p0, p1, p2, p3, ps], out, n) =>
      this.exports.pndm4(p0, p1, p2, p3, ps, out, n, c.sampleCoeff, c.diff, c.denom, c.oneOver24),
    );
  }

  /** Guidance over [uncond, cond] halves: u + scale * (c - u); `scale` must be a float32 value. */
  guidance(eps: Float32Array, scale: number): Float32Array {
    const half = eps.length / 2;
    return this.elementwise([eps.subarray(0, half), eps.subarray(half)], ([pu, pc], out, n) =>
      this.exports.guidance(pu, pc, out, n, scale),
    );
  }

  /** a x + b y into `target` (or a new array); `a` and `b` must be float32 values. */
  axpby(
    x: Float32Array,
    y: Float32Array,
    a: number,
    b: number,
    target?: Float32Array,
  ): Float32Array {
    const n = x.length;
    const [px, py, out] = this.slots(3, n);
    this.put(x, px);
    this.put(y, py);
    this.exports.axpby(px, py, out, n, a, b);
    const result = target ?? new Float32Array(n);
    result.set(this.view.subarray(out / 4, out / 4 + n));
    return result;
  }

  /**
   * DDIM's step for epsilon prediction, no clipping, eta 0:
   * x0 = (x - sqrtBeta m) / sqrtAlpha; sqrtAlphaPrev x0 + directionCoeff m. Coefficients are float32.
   */
  ddimEpsilon(
    sample: Float32Array,
    modelOutput: Float32Array,
    c: { sqrtBeta: number; sqrtAlpha: number; sqrtAlphaPrev: number; directionCoeff: number },
  ): Float32Array {
    return this.elementwise([sample, modelOutput], ([px, pm], out, n) =>
      this.exports.ddimEpsilon(
        px,
        pm,
        out,
        n,
        c.sqrtBeta,
        c.sqrtAlpha,
        c.sqrtAlphaPrev,
        c.directionCoeff,
      ),
    );
  }

  /** DPM-Solver++'s clean-sample prediction for epsilon models: (s - sigma m) / alpha (float32 coefficients). */
  dpmX0(
    sample: Float32Array,
    modelOutput: Float32Array,
    sigma: number,
    alpha: number,
  ): Float32Array {
    return this.elementwise([sample, modelOutput], ([ps, pm], out, n) =>
      this.exports.dpmX0(ps, pm, out, n, sigma, alpha),
    );
  }

  /** DPM-Solver++ 2M's second-order update: (sc s - d0c m0) + d1c (invR0 (m0 - m1)). */
  dpm2(
    sample: Float32Array,
    m0: Float32Array,
    m1: Float32Array,
    c: { invR0: number; sampleCoeff: number; d0Coeff: number; d1Coeff: number },
  ): Float32Array {
    return this.elementwise([sample, m0, m1], ([ps, p0, p1], out, n) =>
      this.exports.dpm2(ps, p0, p1, out, n, c.invR0, c.sampleCoeff, c.d0Coeff, c.d1Coeff),
    );
  }

  /**
   * Planar float RGB (3 x pixels, about [-1, 1]) to interleaved 8-bit RGB, diffusers' rounding;
   * undefined when a value is NaN or infinite.
   */
  toRgb8(planar: Float32Array, pixels: number): Uint8Array | undefined {
    const [input, out] = this.slots(2, 3 * pixels);
    this.put(planar.subarray(0, 3 * pixels), input);
    if (this.exports.toRgb8(input, out, pixels) !== 1) return undefined;
    return new Uint8Array(this.exports.memory.buffer, out, 3 * pixels).slice();
  }

  /** Euler ancestral's epsilon step: x0 = x - sigma m; (x + ((x - x0) / sigma) dt) + noise sigmaUp. */
  eulerAncestralEpsilon(
    sample: Float32Array,
    modelOutput: Float32Array,
    noise: Float32Array,
    c: { sigma: number; dt: number; sigmaUp: number },
  ): Float32Array {
    return this.elementwise([sample, modelOutput, noise], ([px, pm, pn], out, n) =>
      this.exports.eulerAncestralEpsilon(px, pm, pn, out, n, c.sigma, c.dt, c.sigmaUp),
    );
  }

  /** LCM's denoised sample for epsilon models, no clipping: cOut (x - sb m) / sa + cSkip x. */
  lcmEpsilon(
    sample: Float32Array,
    modelOutput: Float32Array,
    c: { sqrtBeta: number; sqrtAlpha: number; cOut: number; cSkip: number },
  ): Float32Array {
    return this.elementwise([sample, modelOutput], ([px, pm], out, n) =>
      this.exports.lcmEpsilon(px, pm, out, n, c.sqrtBeta, c.sqrtAlpha, c.cOut, c.cSkip),
    );
  }

  /** Whether every value is finite (no NaN, no infinity). */
  allFinite(values: Float32Array): boolean {
    const [p] = this.slots(1, values.length);
    this.put(values, p);
    return this.exports.allFinite(p, values.length) === 1;
  }
}

let kernels: SimdKernels | undefined | null = null;
let enabled = true;

/** The process's kernels (undefined when unavailable or switched off). */
export function simdKernels(): SimdKernels | undefined {
  if (!enabled) return undefined;
  if (kernels === null) kernels = SimdKernels.create();
  return kernels;
}

/** Switches the kernels off (true restores them): the tests and benchmarks compare both paths. */
export function setSimdEnabled(value: boolean): void {
  enabled = value;
}

// The WebAssembly SIMD kernels give the same bits as the JavaScript loops they replace (kept in the
// schedulers and in the test below as the reference), on ordinary values, lengths that leave a
// scalar tail, and the special values (NaN, infinities, signed zeros, subnormals); the committed
// bytes are what the .wat compiles to; and whole scheduler runs and the pipeline give the same
// result with the kernels switched off.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { GaussianGenerator } from '../../../src/core/engines/diffusion/random';
import {
  createScheduler,
  type SchedulerConfig,
} from '../../../src/core/engines/diffusion/schedulers/scheduler';
import { KERNELS_WASM_BASE64 } from '../../../src/core/engines/diffusion/simd/kernelsWasm';
import {
  setSimdEnabled,
  SimdKernels,
  simdKernels,
} from '../../../src/core/engines/diffusion/simd/simdKernels';
import { noisePrediction } from '../../../src/core/engines/diffusion/unetCall';
import type { SchedulerId } from '../../../src/shared/recipe';

const f32 = Math.fround;
const kernels = SimdKernels.create();

/** Values with every kind of float32, and a length that is not a multiple of 4. */
function values(seed: number, length: number): Float32Array {
  const noise = new GaussianGenerator(seed).next(length);
  const special = [NaN, Infinity, -Infinity, 0, -0, 1e-40, -1e-40, 3.4e38, -3.4e38, 1e-30];
  for (let i = 0; i < special.length && i * 7 < length; i++) noise[i * 7] = special[i];
  return noise;
}

function sameBits(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length, what);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(actual[i]) && Number.isNaN(expected[i])) continue;
    assert.equal(a[i], e[i], `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

describe('SIMD kernels', () => {
  after(() => setSimdEnabled(true));

  it('compile here (Node has WebAssembly SIMD)', () => {
    assert.ok(kernels, 'SimdKernels.create() returned undefined');
  });

  for (const n of [16384, 4099, 3, 1]) {
    it(`PNDM's fourth-order step is bit-identical to the JavaScript formula (n = ${n})`, () => {
      const e = [values(1, n), values(2, n), values(3, n), values(4, n)] as const;
      const sample = values(5, n);
      const c = {
        sampleCoeff: f32(1.0123),
        diff: f32(0.0371),
        denom: f32(0.9911),
        oneOver24: f32(1 / 24),
      };
      const expected = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const sum = f32(
          f32(f32(f32(55 * e[3][i]) - f32(59 * e[2][i])) + f32(37 * e[1][i])) - f32(9 * e[0][i]),
        );
        const eps = f32(c.oneOver24 * sum);
        expected[i] = f32(c.sampleCoeff * sample[i]) - f32(f32(c.diff * eps) / c.denom);
      }
      sameBits(kernels!.pndm4(e, sample, c), expected, 'pndm4');
    });

    it(`DDIM's epsilon step is bit-identical to the JavaScript formula (n = ${n})`, () => {
      const x = values(11, n);
      const m = values(12, n);
      const c = {
        sqrtBeta: f32(0.3123),
        sqrtAlpha: f32(0.9499),
        sqrtAlphaPrev: f32(0.9601),
        directionCoeff: f32(0.2797),
      };
      const expected = Float32Array.from(x, (xi, i) => {
        const x0 = f32(f32(xi - f32(c.sqrtBeta * m[i])) / c.sqrtAlpha);
        return f32(c.sqrtAlphaPrev * x0) + f32(c.directionCoeff * m[i]);
      });
      sameBits(kernels!.ddimEpsilon(x, m, c), expected, 'ddimEpsilon');
    });

    it(`DPM-Solver++'s clean sample and second-order update match JavaScript (n = ${n})`, () => {
      const sample = values(13, n);
      const m0 = values(14, n);
      const m1 = values(15, n);
      const [sigma, alpha] = [f32(1.7), f32(0.5071)];
      const x0 = Float32Array.from(sample, (s, i) => f32(s - f32(sigma * m0[i])) / alpha);
      sameBits(kernels!.dpmX0(sample, m0, sigma, alpha), x0, 'dpmX0');
      const c = {
        invR0: f32(1.31),
        sampleCoeff: f32(0.88),
        d0Coeff: f32(-0.21),
        d1Coeff: f32(0.105),
      };
      const expected = Float32Array.from(sample, (s, i) => {
        const d1 = f32(c.invR0 * f32(m0[i] - m1[i]));
        const first = f32(f32(c.sampleCoeff * s) - f32(c.d0Coeff * m0[i]));
        return first + f32(c.d1Coeff * d1);
      });
      sameBits(kernels!.dpm2(sample, m0, m1, c), expected, 'dpm2');
    });

    it(`Euler ancestral's and LCM's epsilon steps match JavaScript (n = ${n})`, () => {
      const x = values(16, n);
      const m = values(17, n);
      const drawn = values(18, n);
      const e = { sigma: f32(2.31), dt: f32(-0.197), sigmaUp: f32(0.823) };
      const euler = Float32Array.from(x, (xi, i) => {
        const x0 = f32(xi - f32(e.sigma * m[i]));
        const derivative = f32(f32(xi - x0) / e.sigma);
        return f32(xi + f32(derivative * e.dt)) + f32(drawn[i] * e.sigmaUp);
      });
      sameBits(kernels!.eulerAncestralEpsilon(x, m, drawn, e), euler, 'eulerAncestralEpsilon');
      const l = { sqrtBeta: f32(0.41), sqrtAlpha: f32(0.912), cOut: f32(0.99), cSkip: f32(0.0031) };
      const lcm = Float32Array.from(x, (xi, i) => {
        const x0 = f32(f32(xi - f32(l.sqrtBeta * m[i])) / l.sqrtAlpha);
        return f32(l.cOut * x0) + f32(l.cSkip * xi);
      });
      sameBits(kernels!.lcmEpsilon(x, m, l), lcm, 'lcmEpsilon');
    });

    it(`guidance, add_noise and the finiteness check match JavaScript (n = ${n})`, () => {
      const eps = values(6, 2 * n);
      const expected = new Float32Array(n);
      for (let k = 0; k < n; k++) expected[k] = eps[k] + f32(7.5 * f32(eps[n + k] - eps[k]));
      sameBits(kernels!.guidance(eps, 7.5), expected, 'guidance');

      const x = values(7, n);
      const y = values(8, n);
      const [a, b] = [f32(0.912), f32(0.4101)];
      const axpby = Float32Array.from(x, (v, i) => f32(a * v) + f32(b * y[i]));
      sameBits(kernels!.axpby(x, y, a, b), axpby, 'axpby');
      const target = new Float32Array(n);
      assert.equal(kernels!.axpby(x, y, a, b, target), target, 'writes into the target');

      const finite = new GaussianGenerator(9).next(n);
      assert.equal(kernels!.allFinite(finite), true);
      for (const bad of [NaN, Infinity, -Infinity]) {
        const copy = finite.slice();
        copy[n - 1] = bad; // the scalar tail when n % 4 != 0
        assert.equal(kernels!.allFinite(copy), false, `${bad} at the end`);
        copy[n - 1] = finite[n - 1];
        copy[0] = bad;
        assert.equal(kernels!.allFinite(copy), false, `${bad} at the start`);
      }
    });
  }

  it('keep the JavaScript rule for a guidance scale float32 cannot hold (float64 multiply)', () => {
    const eps = values(10, 64);
    const scale = 7.3; // not a float32 value
    const output = { dtype: 'float32' as const, dims: [2, 32], data: eps };
    const expected = new Float32Array(32);
    for (let k = 0; k < 32; k++) expected[k] = eps[k] + f32(scale * f32(eps[32 + k] - eps[k]));
    sameBits(noisePrediction(output, scale), expected, 'noisePrediction');
  });

  it('give whole runs of every scheduler identical to the JavaScript loops', () => {
    const config = JSON.parse(
      readFileSync(
        join(
          __dirname,
          '..',
          '..',
          'fixtures',
          'sd-tiny',
          'optimum-4ch',
          'scheduler',
          'scheduler_config.json',
        ),
        'utf8',
      ),
    ) as SchedulerConfig;
    const run = (name: SchedulerId): Float32Array => {
      const scheduler = createScheduler(config, name);
      scheduler.setTimesteps(20);
      const noise = new GaussianGenerator(11);
      let latents = noise.next(4 * 16 * 16);
      const image = noise.next(latents.length);
      for (const t of scheduler.timesteps) {
        const eps = Float32Array.from(latents, (v, i) => f32(0.3 * v + 0.1 * Math.sin(i + t)));
        latents = scheduler.step(
          noisePrediction(
            { dtype: 'float32', dims: [2, 512], data: new Float32Array([...eps, ...latents]) },
            7.5,
          ),
          t,
          latents,
          noise,
        );
        latents = scheduler.addNoise(image, latents, t);
      }
      return latents;
    };
    for (const name of ['pndm', 'ddim', 'dpmSolverMultistep', 'eulerAncestral', 'lcm'] as const) {
      setSimdEnabled(true);
      assert.ok(simdKernels());
      const withKernels = run(name);
      setSimdEnabled(false);
      assert.equal(simdKernels(), undefined);
      const withoutKernels = run(name);
      setSimdEnabled(true);
      sameBits(withKernels, withoutKernels, `${name} run`);
    }
  });

  it('are the committed compilation of kernels.wat', async () => {
    const { compileKernels } = await import('../../../scripts/build-wasm.mjs');
    const compiled = await compileKernels();
    assert.equal(
      KERNELS_WASM_BASE64,
      compiled.toString('base64'),
      'kernelsWasm.ts is stale: run node scripts/build-wasm.mjs',
    );
  });
});

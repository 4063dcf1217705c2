/**
 * Runs each graph of a Stable Diffusion model folder (or single .onnx files with fixed input
 * shapes) on the CPU provider and on another one with the same seeded random inputs, and prints the
 * largest output difference per graph as JSON. Used on the GPU machine (bench/gpu/run.sh) to find
 * which graph a provider computes differently; runs anywhere:
 *   node --import tsx bench/gpu/providerCheck.ts --provider webgpu DIR_OR_ONNX...
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { OrtModel } from '../../src/core/backend/ort';
import type { HostTensor, TensorInfo } from '../../src/core/backend/tensor';
import { floatTensor, intTensor, toFloat32 } from '../../src/core/backend/tensor';
import { GaussianGenerator } from '../../src/core/engines/diffusion/random';
import type { ExecutionProviderPreference } from '../../src/shared/recipe';

/** Sizes for symbolic dimensions, by the names SD exports use; anything else gets 2. */
const SYMBOLIC: Record<string, number> = { sequence: 77, height: 8, width: 8, h: 8, w: 8 };

function randomInput(info: TensorInfo, noise: GaussianGenerator): HostTensor {
  const dims = info.shape.map((d) => (typeof d === 'number' ? d : (SYMBOLIC[d] ?? 2)));
  const count = dims.reduce((a, b) => a * b, 1);
  if (info.name === 'timestep') return floatOrInt(info.dtype, dims, new Array(count).fill(501));
  if (info.name === 'input_ids')
    return intTensor(
      info.dtype,
      dims,
      Array.from({ length: count }, (_, i) => (i * 37) % 600),
    );
  return floatOrInt(info.dtype, dims, noise.next(count));
}

function floatOrInt(dtype: string, dims: number[], values: ArrayLike<number>): HostTensor {
  return dtype.startsWith('float')
    ? floatTensor(dtype, dims, Float32Array.from(values))
    : intTensor(dtype, dims, values);
}

async function compare(path: string, provider: ExecutionProviderPreference) {
  const reference = await OrtModel.load(path, { preference: 'cpu' });
  const other = await OrtModel.load(path, { preference: provider });
  try {
    const noise = new GaussianGenerator(7);
    const feeds = Object.fromEntries(reference.inputs.map((i) => [i.name, randomInput(i, noise)]));
    const [a, b] = [await reference.run(feeds), await other.run(feeds)];
    const outputs = Object.keys(a).map((name) => {
      const x = toFloat32(a[name]);
      const y = toFloat32(b[name]);
      let diff = 0;
      let scale = 0;
      for (let i = 0; i < x.length; i++) {
        diff = Math.max(diff, Math.abs(x[i] - y[i]));
        scale = Math.max(scale, Math.abs(x[i]));
      }
      return { name, dims: a[name].dims, maxAbsDiff: diff, maxAbs: scale };
    });
    return { path, provider: other.executionProvider, outputs };
  } finally {
    await Promise.all([reference.release(), other.release()]);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { provider: { type: 'string', default: 'webgpu' } },
    allowPositionals: true,
  });
  const results = [];
  for (const target of positionals) {
    const paths = statSync(target).isDirectory()
      ? ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder'].map((g) =>
          join(target, g, 'model.onnx'),
        )
      : [target];
    for (const path of paths) {
      try {
        results.push(await compare(path, values.provider as ExecutionProviderPreference));
      } catch (error) {
        results.push({ path, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  console.log(JSON.stringify(results));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

/**
 * One UNet's time per denoising step on an execution provider, alone (no pipeline): the number a
 * provider is compared by. `--rewrite on` loads the UNet through the 9-to-12-channel padding
 * rewrite (core/backend/convPadding), `off` as exported (on WebGPU a 9-channel UNet then computes
 * wrongly in WebGPU's default NHWC layout: timing only; right in NCHW, chosen with
 * MASKMEDPAINT_WEBGPU_LAYOUT=NCHW). Batch = UNet rows: 2 for one guided image, 4 for two. Prints
 * one JSON object. Bundled for the GPU machine by bench/gpu/prepare.sh; runs here too:
 *   node --import tsx bench/gpu/unetStep.ts --model DIR --provider cpu --batch 2 --steps 5
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { padConvolutionChannels } from '../../src/core/backend/convPadding/padConvolutionChannels';
import { OrtModel, type ProviderName } from '../../src/core/backend/ort';
import { floatTensor, type HostTensor, type TensorInfo } from '../../src/core/backend/tensor';

const PROVIDERS: readonly ProviderName[] = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'];

/** Real sizes for the UNet's symbolic dimensions. */
function feedFor(info: TensorInfo, batch: number, latent: number): HostTensor {
  const dims = info.shape.map((d) => {
    if (typeof d === 'number') return d;
    if (d === 'sequence') return 77;
    if (/height|width|^h$|^w$/.test(d)) return latent;
    return batch; // batch, steps
  });
  const count = dims.reduce((a, b) => a * b, 1);
  if (info.dtype === 'int64')
    return { dtype: 'int64', dims, data: BigInt64Array.from({ length: count }, () => 500n) };
  const values = Float32Array.from({ length: count }, (_, i) =>
    info.name.includes('time') ? 500 : Math.sin(i * 0.731),
  );
  return floatTensor(info.dtype, dims, values);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      provider: { type: 'string', default: 'cpu' },
      rewrite: { type: 'string', default: 'off' },
      batch: { type: 'string', default: '2' },
      steps: { type: 'string', default: '20' },
      size: { type: 'string', default: '512' },
    },
  });
  const provider = PROVIDERS.find((p) => p === values.provider);
  if (!values.model || !provider) throw new Error('--model DIR and --provider P are required');
  const path = join(values.model, 'unet', 'model.onnx');
  const batch = Number(values.batch);
  const loadStart = performance.now();
  let rewriteMs: number | undefined;
  let source: string | Uint8Array = path;
  if (values.rewrite === 'on') {
    const start = performance.now();
    source = padConvolutionChannels(readFileSync(path), dirname(path)).bytes;
    rewriteMs = performance.now() - start;
  }
  const unet = await OrtModel.load(source, {
    preference: provider,
    ...(typeof source !== 'string' ? { externalDataFolder: dirname(path) } : {}),
  });
  const loadMs = performance.now() - loadStart;
  const feeds = Object.fromEntries(
    unet.inputs.map((info) => [info.name, feedFor(info, batch, Number(values.size) / 8)]),
  );
  for (let i = 0; i < 3; i++) await unet.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < Number(values.steps); i++) {
    const start = performance.now();
    await unet.run(feeds);
    times.push(performance.now() - start);
  }
  await unet.release();
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      model: values.model,
      requested: provider,
      executionProvider: unet.executionProvider,
      fallbacks: unet.fallbacks,
      rewrite: values.rewrite === 'on',
      ...(unet.webgpuLayout !== undefined ? { webgpuLayout: unet.webgpuLayout } : {}),
      batch,
      images: batch / 2,
      sampleDtype: unet.inputs.find((i) => i.name === 'sample')?.dtype,
      loadMs: +loadMs.toFixed(0),
      ...(rewriteMs !== undefined ? { rewriteMs: +rewriteMs.toFixed(0) } : {}),
      msPerStep: {
        median: +percentile(sorted, 0.5).toFixed(2),
        p10: +percentile(sorted, 0.1).toFixed(2),
        p90: +percentile(sorted, 0.9).toFixed(2),
      },
      steps: times.length,
      peakRssMiB: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
    }),
  );
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});

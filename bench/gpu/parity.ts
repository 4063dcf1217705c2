/**
 * Replays diffusers' recorded runs of the tiny fixtures (test/fixtures/sd-tiny, written by
 * scripts/fixtures/make_tiny_sd.py) on a chosen execution provider and prints, per run, the largest
 * difference of the final latents and of the 8-bit image from diffusers'. The unit tests do this on
 * the CPU provider; this is for a GPU provider on the GPU machine (bench/gpu/run.sh), so it reads
 * the fixture folder given on the command line instead of the test helpers' fixed path.
 *   node --import tsx bench/gpu/parity.ts --fixtures test/fixtures/sd-tiny --provider webgpu
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { InpaintPipeline } from '../../src/core/engines/diffusion/pipeline';
import type { NoiseSource } from '../../src/core/engines/diffusion/random';
import type { SchedulerConfig } from '../../src/core/engines/diffusion/schedulers/scheduler';
import { imageToTensor } from '../../src/core/engines/diffusion/tensors';
import type { ExecutionProviderPreference } from '../../src/shared/recipe';

interface Run {
  id: string;
  model: string;
  schedulerConfig: SchedulerConfig;
  prompt: string;
  negativePrompt: string;
  steps: number;
  strength: number;
  guidanceScale: number;
}

function floats(path: string): Float32Array {
  const bytes = readFileSync(path);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

/** diffusers' Gaussian draws of one run, handed out in the order they were drawn. */
class Replay implements NoiseSource {
  private offset = 0;
  constructor(private readonly values: Float32Array) {}
  next(count: number): Float32Array {
    const out = this.values.slice(this.offset, this.offset + count);
    this.offset += count;
    return out;
  }
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < Math.min(a.length, b.length); i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fixtures: { type: 'string', default: join('test', 'fixtures', 'sd-tiny') },
      provider: { type: 'string', default: 'cpu' },
    },
  });
  const dir = values.fixtures;
  const manifest = JSON.parse(readFileSync(join(dir, 'fixtures.json'), 'utf8')) as {
    imageSize: number;
    runs: Run[];
  };
  const size = manifest.imageSize;
  const image = imageToTensor({
    width: size,
    height: size,
    channels: 3,
    bitDepth: 8,
    data: new Uint8Array(readFileSync(join(dir, 'inputs', 'image.u8'))),
  });
  const mask = {
    width: size,
    height: size,
    data: Uint8Array.from(readFileSync(join(dir, 'inputs', 'mask.u8')), (v) => (v >= 128 ? 1 : 0)),
  };
  const pipelines = new Map<string, InpaintPipeline>();
  const results = [];
  for (const run of manifest.runs) {
    let pipeline = pipelines.get(run.model);
    if (!pipeline) {
      pipeline = new InpaintPipeline(join(dir, run.model), {
        executionProvider: values.provider as ExecutionProviderPreference,
      });
      pipelines.set(run.model, pipeline);
    }
    try {
      const model = await pipeline.load();
      let latents: Float32Array | undefined;
      let pixels: Uint8Array | undefined;
      for await (const event of pipeline.run({
        ...run,
        items: [{ image, mask, noise: new Replay(floats(join(dir, 'runs', run.id, 'noise.f32'))) }],
      })) {
        if (event.kind === 'done') {
          latents = event.latents;
          pixels = event.images[0].data as Uint8Array;
        }
      }
      if (!latents || !pixels) throw new Error('no done event');
      results.push({
        id: run.id,
        provider: model.executionProvider,
        latentMaxAbsDiff: maxAbsDiff(latents, floats(join(dir, 'runs', run.id, 'latents.f32'))),
        imageMaxAbsDiff: maxAbsDiff(pixels, readFileSync(join(dir, 'runs', run.id, 'image.u8'))),
      });
    } catch (error) {
      results.push({ id: run.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  for (const pipeline of pipelines.values()) await pipeline.dispose();
  console.log(JSON.stringify(results));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

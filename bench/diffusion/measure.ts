/**
 * How the diffusion benchmarks time one pipeline run and split it into time inside onnxruntime
 * (session.run of every graph) and host time around it. Shared by the CPU benchmark
 * (bench/diffusion/bench.ts) and the GPU one (bench/gpu/hostOverhead.ts).
 */
import { performance } from 'node:perf_hooks';
import type { InpaintOptions, InpaintPipeline } from '../../src/core/engines/diffusion/pipeline';
import { GaussianGenerator } from '../../src/core/engines/diffusion/random';
import type { RegenerateMask } from '../../src/core/engines/diffusion/tensors';

/** A deterministic 512x512-style test image and a circular key region (regenerate outside). */
export function benchInputs(size: number): {
  image: { width: number; height: number; data: Float32Array };
  mask: RegenerateMask;
} {
  const data = new Float32Array(3 * size * size);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 7919) % 255) / 127.5 - 1;
  const mask = new Uint8Array(size * size);
  const centre = size / 2;
  for (let p = 0; p < mask.length; p++)
    mask[p] = Math.hypot((p % size) - centre, Math.floor(p / size) - centre) > size / 4 ? 1 : 0;
  return {
    image: { width: size, height: size, data },
    mask: { width: size, height: size, data: mask },
  };
}

/** One run's clocks: wall and process CPU time, and the parts spent inside session.run. */
export interface RunTimes {
  wallMs: number;
  sessionMs: number;
  cpuMs: number;
  sessionCpuMs: number;
  steps: number;
  /** From the first to the last denoising event: the loop alone, without encoding or decoding. */
  loopWallMs: number;
  loopUnetMs: number;
  loopSteps: number;
}

/** Runs the pipeline once on the benchmark inputs and returns its clocks. */
export async function timedRun(
  pipeline: InpaintPipeline,
  options: { size: number; steps: number; seed: number; batch?: number },
): Promise<RunTimes> {
  const model = await pipeline.load();
  const graphs = Object.values(model.graphs);
  const sessionTime = (): number => graphs.reduce((sum, g) => sum + g.runTimeMs, 0);
  const sessionCpu = (): number => graphs.reduce((sum, g) => sum + g.runCpuMs, 0);
  const run: InpaintOptions = {
    prompt: 'a dermoscopic image of malignant-target skin lesion',
    negativePrompt: 'pixelated, blurry',
    steps: options.steps,
    strength: 1,
    guidanceScale: 7.5,
    items: Array.from({ length: options.batch ?? 1 }, (_, i) => ({
      ...benchInputs(options.size),
      noise: new GaussianGenerator(options.seed * 100 + i),
    })),
  };
  const sessionStart = sessionTime();
  const sessionCpuStart = sessionCpu();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let first: { at: number; unet: number } | undefined;
  let last: { at: number; unet: number; step: number } | undefined;
  let steps = 0;
  for await (const event of pipeline.run(run)) {
    if (event.kind !== 'denoising') continue;
    const mark = { at: performance.now(), unet: model.graphs.unet.runTimeMs, step: event.step };
    first ??= mark;
    last = mark;
    steps = event.total;
  }
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  if (!first || !last) throw new Error('no denoising steps');
  return {
    wallMs,
    sessionMs: sessionTime() - sessionStart,
    cpuMs: (cpu.user + cpu.system) / 1000,
    sessionCpuMs: sessionCpu() - sessionCpuStart,
    steps,
    loopWallMs: last.at - first.at,
    loopUnetMs: last.unet - first.unet,
    loopSteps: last.step - 1,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The medians the benchmarks report, rounded for the results files. */
export function summarize(runs: RunTimes[]): {
  medianWallMs: number;
  medianSessionMs: number;
  hostOverheadMsPerStep: number;
  hostOverheadShare: number;
  loopOverheadMsPerStep: number;
  hostCpuOverheadMsPerStep: number;
  hostCpuOverheadShare: number;
} {
  const pick = (f: (r: RunTimes) => number, digits: number): number =>
    +median(runs.map(f)).toFixed(digits);
  return {
    medianWallMs: pick((r) => r.wallMs, 1),
    medianSessionMs: pick((r) => r.sessionMs, 1),
    hostOverheadMsPerStep: pick((r) => (r.wallMs - r.sessionMs) / r.steps, 3),
    hostOverheadShare: pick((r) => (r.wallMs - r.sessionMs) / r.wallMs, 4),
    loopOverheadMsPerStep: pick((r) => (r.loopWallMs - r.loopUnetMs) / r.loopSteps, 3),
    hostCpuOverheadMsPerStep: pick((r) => (r.cpuMs - r.sessionCpuMs) / r.steps, 3),
    hostCpuOverheadShare: pick((r) => (r.cpuMs - r.sessionCpuMs) / r.cpuMs, 4),
  };
}

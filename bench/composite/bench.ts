/**
 * Composite engine benchmark: the cost of one composite at 512x512 with the recipe's default blend
 * (whatever resolveRecipe gives: blend, harmonize, feather and blend side), against OpenCV's
 * seamlessClone (NORMAL_CLONE, C++) on the same PNGs in the same run, over inputs of different mask coverage. Each of ROUNDS
 * rounds times ours (CPU of ITERATIONS consecutive calls / ITERATIONS) and then OpenCV on every input, recording the
 * load average; the report gives the median over the rounds. Ours is timed twice: the whole call
 * (key-region preparation, target fitting, blend) and the blend alone on prepared inputs. Writes bench/results/composite.json
 * and .md. Run: `node bench/run.mjs composite`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  compositeFitted,
  compositeOntoTarget,
} from '../../src/core/engines/composite/compositeOntoTarget';
import { fitTargetToSource } from '../../src/core/engines/composite/fitTarget';
import { encodeImage, readImage } from '../../src/core/image/io';
import { readMask } from '../../src/core/image/maskIo';
import { prepareKeyRegion } from '../../src/core/image/prepareKeyRegion';
import type { RawImage } from '../../src/core/image/rawImage';
import { resolveRecipe } from '../../src/core/recipe/resolveRecipe';
import {
  compositeMarkdown,
  type CompositeReport,
  type InputResult,
  type OpenCvResult,
} from './report';
import { makeScene } from './scene';

const SIZE = 512;
const WARMUP = 5;
const ITERATIONS = 20;
const ROUNDS = 5;
/** The inputs: lesion scale of the scene (bench/composite/scene.ts) and a name. */
const INPUTS = [
  { name: 'small', lesionScale: 0.33 },
  { name: 'scene', lesionScale: 1 },
  { name: 'large', lesionScale: 1.6 },
] as const;
const work = join('bench', '.work', 'composite');
const results = join('bench', 'results');

/** One input written as PNGs and decoded again, with the call that composites it. */
async function prepare(
  name: string,
  lesionScale: number,
): Promise<{
  dir: string;
  coverage: number;
  once: () => Promise<RawImage>;
  blendOnly: () => Promise<RawImage>;
}> {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const scene = makeScene(SIZE, lesionScale);
  writeFileSync(join(dir, 'source.png'), await encodeImage(scene.source, 'png'));
  writeFileSync(join(dir, 'target.png'), await encodeImage(scene.target, 'png'));
  writeFileSync(join(dir, 'mask.png'), await encodeImage(scene.mask, 'png'));
  // Both sides start from the same decoded PNGs; decoding is outside the timed loop for both.
  const source = await readImage(join(dir, 'source.png'));
  const target = await readImage(join(dir, 'target.png'));
  const mask = await readMask(join(dir, 'mask.png'), { threshold: 128, width: SIZE, height: SIZE });
  const recipe = resolveRecipe('custom', {});
  const once = async (): Promise<RawImage> => {
    const { keyMask, keyAlpha } = prepareKeyRegion(mask, {
      ...recipe.mask,
      marginPx: 0,
      blurFactor: 0,
    });
    return compositeOntoTarget(
      { source, keyMask, keyAlpha, target },
      { ...recipe.composite, fillTargetKeyRegion: false, seed: 0 },
    );
  };
  // The blend alone: key region prepared, target fitted and the key mask's seam geometry made once
  // (per source in a run, not per item; the geometry is kept with the mask object).
  const prepared = prepareKeyRegion(mask, { ...recipe.mask, marginPx: 0, blurFactor: 0 });
  const fitted = await fitTargetToSource(target, source);
  const blendOnly = (): Promise<RawImage> =>
    Promise.resolve(
      compositeFitted(source, prepared.keyMask, prepared.keyAlpha, fitted, recipe.composite),
    );
  writeFileSync(join(dir, 'ours.png'), await encodeImage(await once(), 'png'));
  const coverage = mask.data.reduce((sum, v) => sum + (v ? 1 : 0), 0) / (SIZE * SIZE);
  return { dir, coverage, once, blendOnly };
}

function runOpenCv(dir: string): OpenCvResult | undefined {
  const python = join('.venv', 'bin', 'python');
  if (!existsSync(python)) return undefined;
  const run = spawnSync(
    python,
    [join('bench', 'composite', 'opencv_bench.py'), dir, String(ITERATIONS)],
    {
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) {
    console.warn(`bench: OpenCV run failed: ${run.stderr}`);
    return undefined;
  }
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as OpenCvResult;
}

/**
 * Wall and CPU seconds per call: ITERATIONS consecutive calls after WARMUP calls, divided by
 * ITERATIONS. A block rather than a median of single calls: the garbage
 * collector's share (our calls allocate whole-image buffers; OpenCV's are freed at once) then
 * counts for every call alike instead of landing in whichever call it happens to interrupt.
 */
async function timeCalls(call: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  for (let i = 0; i < WARMUP; i++) await call();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let i = 0; i < ITERATIONS; i++) await call();
  const used = process.cpuUsage(cpu);
  return {
    wall: (performance.now() - wall) / 1000 / ITERATIONS,
    cpu: (used.user + used.system) / 1e6 / ITERATIONS,
  };
}

async function main(): Promise<void> {
  mkdirSync(results, { recursive: true });
  const inputs = [];
  for (const input of INPUTS)
    inputs.push({ ...input, ...(await prepare(input.name, input.lesionScale)) });
  const byInput = new Map<string, InputResult>(
    inputs.map((i) => [i.name, { name: i.name, coverage: i.coverage, rounds: [] }]),
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const input of inputs) {
      const load1 = loadavg()[0] ?? 0;
      const ours = await timeCalls(input.once);
      const blendOnly = await timeCalls(input.blendOnly);
      const opencv = runOpenCv(input.dir);
      byInput.get(input.name)?.rounds.push({ load1, ours, blendOnly, opencv });
      const ratio = opencv ? (ours.cpu / opencv.cpu_seconds_per_image_1_thread).toFixed(2) : '-';
      console.log(
        `round ${round + 1} ${input.name}: ours ${(ours.cpu * 1000).toFixed(1)} ms CPU, ratio ${ratio}, load ${load1.toFixed(2)}`,
      );
    }
  }
  const defaults = resolveRecipe('custom', {});
  const { blend, harmonize } = defaults.composite;
  const { featherPx, blendSide } = defaults.mask;
  const report: CompositeReport = {
    benchmark: `composite engine, 512x512 RGB, the recipe's default blend (${blend}, harmonize ${harmonize ? 'on' : 'off'}, ${featherPx} px feather, blended ${blendSide} the mask) vs OpenCV seamlessClone NORMAL_CLONE`,
    command: 'node bench/run.mjs composite',
    machine: {
      cores: availableParallelism(),
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
    },
    iterations: ITERATIONS,
    warmup: WARMUP,
    inputs: [...byInput.values()],
  };
  writeAtomic(join(results, 'composite.json'), `${JSON.stringify(report, null, 2)}\n`);
  const markdown = compositeMarkdown(report);
  writeAtomic(join(results, 'composite.md'), markdown);
  console.log(markdown);
}

function writeAtomic(path: string, text: string): void {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// Reads the scheduler fixtures recorded from diffusers by scripts/fixtures/scheduler_reference.py.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SchedulerConfig } from '../../../../src/core/engines/diffusion/schedulers/scheduler';

export const FIXTURE_DIR = join(__dirname, '..', '..', '..', 'fixtures', 'schedulers');

export interface StepRecord {
  timestep: number;
  modelOutput: string;
  prevSample: string;
  scaledInput?: string;
  stepNoise?: string;
  addNoiseNext?: string;
}

export interface SchedulerFixture {
  name: string;
  config: SchedulerConfig;
  order: number;
  alphasCumprod: string;
  initNoiseSigma: number;
  timestepsByCount: Record<string, number[] | { error: string }>;
  run: {
    steps: number;
    strength: number;
    beginIndex: number;
    timesteps: number[];
    imageLatents: string;
    noise: string;
    initialSample: string;
    records: StepRecord[];
  };
}

/** Decodes a base64 little-endian float32 tensor. */
export function decodeTensor(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

export function loadSchedulerFixtures(): SchedulerFixture[] {
  return readdirSync(FIXTURE_DIR)
    .filter((name) => name.endsWith('.json') && name !== 'gaussian_golden.json')
    .sort()
    .map((name) => JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8')) as SchedulerFixture);
}

/** Largest absolute difference; throws on a length mismatch so a short output cannot pass. */
export function maxAbsDiff(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) {
    throw new Error(`length ${actual.length} differs from expected ${expected.length}`);
  }
  let max = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (!(d <= max)) max = Number.isNaN(d) ? Infinity : d;
  }
  return max;
}

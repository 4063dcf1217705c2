/**
 * Reads the tiny Stable Diffusion fixtures written by scripts/fixtures/make_tiny_sd.py
 * (test/fixtures/sd-tiny): model folders, the input image and mask, and diffusers' recorded runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NoiseSource } from '../../../src/core/engines/diffusion/random';
import type { SchedulerConfig } from '../../../src/core/engines/diffusion/schedulers/scheduler';
import type { RegenerateMask } from '../../../src/core/engines/diffusion/tensors';
import type { RawImage } from '../../../src/core/image/rawImage';

export const FIXTURE_DIR = join(__dirname, '..', '..', 'fixtures', 'sd-tiny');

export interface RecordedRun {
  id: string;
  model: string;
  scheduler: string;
  schedulerConfig: SchedulerConfig;
  prompt: string;
  negativePrompt: string;
  steps: number;
  strength: number;
  guidanceScale: number;
  noiseDraws: number[][];
  promptIds: number[];
  negativeIds: number[];
  latentShape: number[];
  imageShape: number[];
  /**
   * 'model': the run's scheduler came from the model folder's scheduler_config.json (as diffusers
   * loads a folder), so the engine must be left to read it rather than be given `schedulerConfig`.
   */
  schedulerFrom?: 'model';
  /** With `schedulerFrom`: the scheduler the folder's config was built as (the recipe override). */
  schedulerOverride?: string | null;
}

/** One graph input or output as the fixture script recorded it from the ONNX file. */
export interface RecordedValue {
  name: string;
  /** ONNX element type name: FLOAT, FLOAT16, INT64, INT32. */
  type: string;
  dims: (number | string)[];
}

type RecordedSignatures = Record<
  string,
  Record<string, { inputs: RecordedValue[]; outputs: RecordedValue[] }>
>;

interface Manifest {
  imageSize: number;
  /** Per model folder, per graph: the I/O signature read from the committed ONNX file. */
  signatures: RecordedSignatures;
  runs: RecordedRun[];
}

export const manifest = JSON.parse(
  readFileSync(join(FIXTURE_DIR, 'fixtures.json'), 'utf8'),
) as Manifest;

export function modelDir(name: string): string {
  return join(FIXTURE_DIR, name);
}

/**
 * Whether a fixture folder's UNet takes float16 (fp16-legacy-* and fp16-optimum-*), read from the
 * recorded graph signature rather than the folder name so a renamed folder cannot slip through.
 */
export function isFloat16Model(model: string): boolean {
  const unet = manifest.signatures[model]?.unet;
  if (!unet) throw new Error(`fixtures.json has no signature for ${model}`);
  const sample = unet.inputs.find((input) => input.name === 'sample');
  return sample?.type === 'FLOAT16';
}

function floats(path: string): Float32Array {
  const bytes = readFileSync(path);
  return new Float32Array(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  );
}

/** The fixture's 64x64 RGB source image. */
export function fixtureImage(): RawImage {
  const size = manifest.imageSize;
  const data = new Uint8Array(readFileSync(join(FIXTURE_DIR, 'inputs', 'image.u8')));
  return { width: size, height: size, channels: 3, bitDepth: 8, data };
}

/** The fixture's inpainting mask (1 = regenerate), as the pipeline takes it. */
export function fixtureMask(): RegenerateMask {
  const size = manifest.imageSize;
  const raw = readFileSync(join(FIXTURE_DIR, 'inputs', 'mask.u8'));
  return { width: size, height: size, data: Uint8Array.from(raw, (v) => (v >= 128 ? 1 : 0)) };
}

export function recordedLatents(run: RecordedRun): Float32Array {
  return floats(join(FIXTURE_DIR, 'runs', run.id, 'latents.f32'));
}

export function recordedImage(run: RecordedRun): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURE_DIR, 'runs', run.id, 'image.u8')));
}

/** Replays the Gaussian draws diffusers made in a recorded run, in order. */
export class ReplayNoise implements NoiseSource {
  private offset = 0;
  readonly draws: number[] = [];
  private readonly values: Float32Array;

  constructor(run: RecordedRun) {
    this.values = floats(join(FIXTURE_DIR, 'runs', run.id, 'noise.f32'));
  }

  next(count: number): Float32Array {
    if (this.offset + count > this.values.length) {
      throw new Error(
        `ReplayNoise: asked for ${count} values with ${this.values.length - this.offset} left`,
      );
    }
    this.draws.push(count);
    const out = this.values.slice(this.offset, this.offset + count);
    this.offset += count;
    return out;
  }

  get remaining(): number {
    return this.values.length - this.offset;
  }
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

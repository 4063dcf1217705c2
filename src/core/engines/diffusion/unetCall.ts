/**
 * The text-encoder and UNet calls of the denoising loop, and the tensor shuffles around them
 * (guidance batching, 9-channel conditioning), kept apart from the loop's control flow.
 */
import { floatTensor, type HostTensor, intTensor, toFloat32 } from '../../backend/tensor';
import type { DiffusionModel } from './modelLoader';

/** Text embeddings for the UNet: [uncond x B, cond x B] with guidance, else [cond x B]. */
export async function encodePrompts(
  model: DiffusionModel,
  options: { prompt: string; negativePrompt: string },
  batch: number,
  guided: boolean,
): Promise<HostTensor> {
  const { layout, graphs, tokenizer } = model;
  const texts = guided ? [options.negativePrompt, options.prompt] : [options.prompt];
  const ids = texts.map((text) => tokenizer.encode(text));
  const length = ids[0].length;
  const flat = new Int32Array(texts.length * length);
  ids.forEach((row, i) => flat.set(row, i * length));
  const input = layout.textEncoder.inputIds;
  const result = await graphs.text_encoder.run({
    [input.name]: intTensor(input.dtype, [texts.length, length], flat),
  });
  const output = result[layout.textEncoder.hiddenStates];
  if (!output) throw new Error(`text_encoder produced no ${layout.textEncoder.hiddenStates}`);
  const states = toFloat32(output);
  const rowSize = states.length / texts.length;
  const repeated = new Float32Array(texts.length * batch * rowSize);
  for (let t = 0; t < texts.length; t++) {
    for (let b = 0; b < batch; b++)
      repeated.set(states.subarray(t * rowSize, (t + 1) * rowSize), (t * batch + b) * rowSize);
  }
  return floatTensor(
    layout.unet.hiddenStates.dtype,
    [texts.length * batch, ...output.dims.slice(1)],
    repeated,
  );
}

export async function runUnet(
  model: DiffusionModel,
  sample: Float32Array,
  t: number,
  hidden: HostTensor,
  dims: number[],
): Promise<Float32Array> {
  const { layout, graphs } = model;
  const info = layout.unet.timestep;
  const count =
    info.shape.length === 0 ? 1 : typeof info.shape[0] === 'number' ? info.shape[0] : dims[0];
  const tDims = info.shape.length === 0 ? [] : [count];
  const values = new Float32Array(count).fill(t);
  const timestep = info.dtype.startsWith('float')
    ? floatTensor(info.dtype, tDims, values)
    : intTensor(info.dtype, tDims, values);
  const result = await graphs.unet.run({
    [layout.unet.sample.name]: floatTensor(layout.unet.sample.dtype, dims, sample),
    [info.name]: timestep,
    [layout.unet.hiddenStates.name]: hidden,
  });
  const output = result[layout.unet.output];
  if (!output) throw new Error(`unet produced no ${layout.unet.output}`);
  return toFloat32(output);
}

/** eps = eps_uncond + g (eps_text - eps_uncond), float32 like torch. */
export function applyGuidance(eps: Float32Array, scale: number): Float32Array {
  const half = eps.length / 2;
  const out = new Float32Array(half);
  for (let k = 0; k < half; k++) {
    const u = eps[k];
    out[k] = u + Math.fround(scale * Math.fround(eps[half + k] - u));
  }
  return out;
}

/**
 * The UNet's `sample` input, allocated once per run and refilled every step: [copies x batch]
 * rows of the scaled latents (copies = 2 with guidance). For a 9-channel UNet each row is
 * concat(latents 4, mask 1, masked-image latents 4); the mask and masked-image parts never change
 * during a run, so they are written once here and each step only writes the 4 latent channels.
 */
export class UnetSampleBuffer {
  /** What the UNet is fed. */
  readonly data: Float32Array;
  /** The latents of every row, scaled in place (the same array as `data` for a 4-channel UNet). */
  private readonly scaled: Float32Array;

  constructor(
    private readonly channels: 4 | 9,
    private readonly copies: number,
    private readonly batch: number,
    private readonly plane: number,
    condition?: { masks: Float32Array; masked: Float32Array },
  ) {
    const rows = copies * batch;
    this.scaled = new Float32Array(rows * 4 * plane);
    if (channels === 4) {
      this.data = this.scaled;
      return;
    }
    if (!condition) throw new Error('a 9-channel UNet needs the mask and masked-image latents');
    this.data = new Float32Array(rows * 9 * plane);
    for (let c = 0; c < copies; c++) {
      for (let b = 0; b < batch; b++) {
        const base = (c * batch + b) * 9 * plane;
        this.data.set(condition.masks.subarray(b * plane, (b + 1) * plane), base + 4 * plane);
        this.data.set(
          condition.masked.subarray(b * 4 * plane, (b + 1) * 4 * plane),
          base + 5 * plane,
        );
      }
    }
  }

  /**
   * Writes `latents` ([batch, 4, h, w]) once per copy, scales them in place with `scale` (the
   * scheduler's scaleModelInput) and returns the UNet input. Valid until the next call.
   */
  fill(
    latents: Float32Array,
    scale: (sample: Float32Array, out: Float32Array) => void,
  ): Float32Array {
    const size = this.batch * 4 * this.plane;
    for (let c = 0; c < this.copies; c++) this.scaled.set(latents, c * size);
    scale(this.scaled, this.scaled);
    if (this.channels === 9) {
      const rowSize = 4 * this.plane;
      for (let row = 0; row < this.copies * this.batch; row++) {
        this.data.set(
          this.scaled.subarray(row * rowSize, (row + 1) * rowSize),
          row * 9 * this.plane,
        );
      }
    }
    return this.data;
  }
}

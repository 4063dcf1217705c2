/**
 * The text-encoder and UNet calls of the denoising loop, and the tensor shuffles around them
 * (guidance batching, 9-channel conditioning), kept apart from the loop's control flow.
 */
import { float16DecodeTable, float32ToFloat16Into } from '../../backend/float16';
import { floatTensor, type HostTensor, intTensor, toFloat32 } from '../../backend/tensor';
import type { DiffusionModel } from './modelLoader';
import { simdKernels } from './simd/simdKernels';

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

/**
 * One UNet call: the noise prediction for `sample` (already in the UNet's dtype) at step `t`, in
 * the UNet's output dtype (see {@link noisePrediction}).
 */
export async function runUnet(
  model: DiffusionModel,
  sample: HostTensor,
  t: number,
  hidden: HostTensor,
): Promise<HostTensor> {
  const { layout, graphs } = model;
  const info = layout.unet.timestep;
  const count =
    info.shape.length === 0
      ? 1
      : typeof info.shape[0] === 'number'
        ? info.shape[0]
        : sample.dims[0];
  const tDims = info.shape.length === 0 ? [] : [count];
  const values = new Float32Array(count).fill(t);
  const timestep = info.dtype.startsWith('float')
    ? floatTensor(info.dtype, tDims, values)
    : intTensor(info.dtype, tDims, values);
  const result = await graphs.unet.run({
    [layout.unet.sample.name]: sample,
    [info.name]: timestep,
    [layout.unet.hiddenStates.name]: hidden,
  });
  const output = result[layout.unet.output];
  if (!output) throw new Error(`unet produced no ${layout.unet.output}`);
  return output;
}

/**
 * The noise prediction the scheduler steps with, as float32: the UNet output itself, or with
 * guidance eps = eps_uncond + g (eps_text - eps_uncond) in float32 like torch. A float16 output
 * is decoded inside the guidance loop (one pass instead of decode, then combine).
 */
export function noisePrediction(
  output: HostTensor,
  guidanceScale: number | undefined,
): Float32Array {
  if (guidanceScale === undefined) return toFloat32(output);
  const f32 = Math.fround;
  const half = output.data.length / 2;
  const out = new Float32Array(half);
  if (output.dtype === 'float16') {
    const bits = output.data;
    const table = float16DecodeTable();
    for (let k = 0; k < half; k++) {
      const u = table[bits[k]];
      out[k] = u + f32(guidanceScale * f32(table[bits[half + k]] - u));
    }
    return out;
  }
  const eps = toFloat32(output);
  const kernels = simdKernels();
  // The kernel multiplies in float32; torch does too, JavaScript only when the scale is one.
  if (kernels && Math.fround(guidanceScale) === guidanceScale)
    return kernels.guidance(eps, guidanceScale);
  for (let k = 0; k < half; k++) {
    const u = eps[k];
    out[k] = u + f32(guidanceScale * f32(eps[half + k] - u));
  }
  return out;
}

/** A float32 or float16 tensor. */
type FloatHostTensor = Extract<HostTensor, { dtype: 'float32' | 'float16' }>;

/**
 * The UNet's `sample` input, allocated once per run in the UNet's own dtype and refilled every
 * step: [copies x batch] rows of the scaled latents (copies = 2 with guidance). For a 9-channel
 * UNet each row is concat(latents 4, mask 1, masked-image latents 4); the mask and masked-image
 * parts never change during a run, so they are written (and, for a float16 UNet, converted) once
 * here. Each step scales the latents once, converts them once, and copies them into every row:
 * the guidance copies are identical, so nothing is computed twice.
 */
export class UnetSampleBuffer {
  /** What the UNet is fed, in its dtype. */
  readonly tensor: FloatHostTensor;
  /** The batch's latents after the scheduler's input scaling (one copy). */
  private readonly scaled: Float32Array;
  /** float16 UNets: the scaled latents as half bits before they are copied into the rows. */
  private readonly scaledHalf: Uint16Array | undefined;

  constructor(
    private readonly channels: 4 | 9,
    private readonly copies: number,
    private readonly batch: number,
    private readonly plane: number,
    dims: number[],
    dtype: string,
    condition?: { masks: Float32Array; masked: Float32Array },
  ) {
    const rows = copies * batch;
    this.scaled = new Float32Array(batch * 4 * plane);
    const size = rows * channels * plane;
    if (dtype === 'float16') {
      this.tensor = { dtype: 'float16', dims, data: new Uint16Array(size) };
      this.scaledHalf = new Uint16Array(this.scaled.length);
    } else if (dtype === 'float32') {
      this.tensor = { dtype: 'float32', dims, data: new Float32Array(size) };
    } else {
      throw new Error(`expected a float32 or float16 UNet sample, the graph declares ${dtype}`);
    }
    if (channels === 4) return;
    if (!condition) throw new Error('a 9-channel UNet needs the mask and masked-image latents');
    for (let c = 0; c < copies; c++) {
      for (let b = 0; b < batch; b++) {
        const base = (c * batch + b) * 9 * plane;
        this.write(condition.masks.subarray(b * plane, (b + 1) * plane), base + 4 * plane);
        this.write(condition.masked.subarray(b * 4 * plane, (b + 1) * 4 * plane), base + 5 * plane);
      }
    }
  }

  /** Writes float32 values at `offset` of the tensor, converting for a float16 UNet. */
  private write(values: Float32Array, offset: number): void {
    const { tensor } = this;
    if (tensor.dtype === 'float16') float32ToFloat16Into(values, tensor.data, offset);
    else tensor.data.set(values, offset);
  }

  /**
   * Scales `latents` ([batch, 4, h, w]) with `scale` (the scheduler's scaleModelInput), writes
   * them into every row and returns the UNet input. Valid until the next call.
   */
  fill(
    latents: Float32Array,
    scale: (sample: Float32Array, out: Float32Array) => void,
  ): HostTensor {
    scale(latents, this.scaled);
    const rowSize = 4 * this.plane;
    const { tensor, scaledHalf } = this;
    if (scaledHalf) float32ToFloat16Into(this.scaled, scaledHalf, 0);
    for (let c = 0; c < this.copies; c++) {
      for (let b = 0; b < this.batch; b++) {
        const offset = (c * this.batch + b) * this.channels * this.plane;
        if (tensor.dtype === 'float16' && scaledHalf)
          tensor.data.set(scaledHalf.subarray(b * rowSize, (b + 1) * rowSize), offset);
        else if (tensor.dtype === 'float32')
          tensor.data.set(this.scaled.subarray(b * rowSize, (b + 1) * rowSize), offset);
      }
    }
    return tensor;
  }
}

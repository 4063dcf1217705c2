/**
 * The VAE half of the pipeline: images to scaled latents (sampling the posterior with the item's
 * own seeded noise, as diffusers does) and latents back to 8-bit RGB.
 */
import { floatTensor, toFloat32 } from '../../backend/tensor';
import type { NoiseSource } from './random';
import type { DiffusionModel } from './modelLoader';
import { assertFinite, type ImageTensor, tensorToRgb8 } from './tensors';
import type { RawImage } from '../../image/rawImage';

/**
 * Encodes a batch of same-size images to latents x scaling factor, [B, 4, h, w] flat.
 * With a `latent_parameters` output (mean and log-variance) each item draws one posterior sample
 * from its own noise, exactly like diffusers' `latent_dist.sample(generator)`. A `latent_sample`
 * output is used as is, but the draw is still taken so every item's noise stream stays aligned
 * with diffusers' order whatever the exporter.
 */
export async function encodeImages(
  model: DiffusionModel,
  images: ImageTensor[],
  noises: NoiseSource[],
): Promise<Float32Array> {
  const { layout, graphs } = model;
  const { width, height } = images[0];
  const pixels = 3 * width * height;
  const batch = new Float32Array(images.length * pixels);
  images.forEach((image, i) => batch.set(image.data, i * pixels));
  const feeds = {
    [layout.vaeEncoder.input.name]: floatTensor(
      layout.vaeEncoder.input.dtype,
      [images.length, 3, height, width],
      batch,
    ),
  };
  const result = await graphs.vae_encoder.run(feeds);
  const output = result[layout.vaeEncoder.output];
  if (!output) throw new Error(`vae_encoder produced no ${layout.vaeEncoder.output}`);
  const values = toFloat32(output);
  const channels = output.dims[1];
  const plane = output.dims[2] * output.dims[3];
  const size = 4 * plane;
  const expected = layout.vaeEncoder.kind === 'parameters' ? 8 : 4;
  if (channels !== expected)
    throw new Error(
      `vae_encoder ${layout.vaeEncoder.output} has ${channels} channels, expected ${expected}`,
    );
  const latents = new Float32Array(images.length * size);
  const scale = layout.scalingFactor;
  for (let item = 0; item < images.length; item++) {
    const base = item * channels * plane;
    const draw = noises[item].next(size);
    for (let k = 0; k < size; k++) {
      let z = values[base + k];
      if (layout.vaeEncoder.kind === 'parameters') {
        const logvar = Math.min(Math.max(values[base + size + k], -30), 20);
        const std = Math.fround(Math.exp(Math.fround(0.5 * logvar)));
        z = Math.fround(z + Math.fround(std * draw[k]));
      }
      latents[item * size + k] = Math.fround(scale * z);
    }
  }
  assertFinite(latents, 'VAE-encoded image latents');
  return latents;
}

/** Decodes [B, 4, h, w] latents (divided by the scaling factor first) to 8-bit RGB images. */
export async function decodeLatents(
  model: DiffusionModel,
  latents: Float32Array,
  batch: number,
  latentHeight: number,
  latentWidth: number,
): Promise<RawImage[]> {
  const { layout, graphs } = model;
  const scaled = new Float32Array(latents.length);
  for (let i = 0; i < latents.length; i++) scaled[i] = latents[i] / layout.scalingFactor;
  const dims = [batch, 4, latentHeight, latentWidth];
  const result = await graphs.vae_decoder.run({
    [layout.vaeDecoder.input.name]: floatTensor(layout.vaeDecoder.input.dtype, dims, scaled),
  });
  const output = result[layout.vaeDecoder.output];
  if (!output) throw new Error(`vae_decoder produced no ${layout.vaeDecoder.output}`);
  const pixels = toFloat32(output);
  const [, , height, width] = output.dims;
  const size = 3 * height * width;
  const images: RawImage[] = [];
  for (let item = 0; item < batch; item++) {
    images.push(tensorToRgb8(pixels.subarray(item * size, (item + 1) * size), width, height));
  }
  return images;
}

/** One noise stream per batch item: a request for B x n values takes n from each item in turn. */
export class BatchNoise implements NoiseSource {
  constructor(private readonly sources: NoiseSource[]) {}

  next(count: number): Float32Array {
    const per = count / this.sources.length;
    if (!Number.isInteger(per))
      throw new Error(`BatchNoise: ${count} values do not split over ${this.sources.length} items`);
    const out = new Float32Array(count);
    this.sources.forEach((source, i) => {
      // Straight into the batch array when the source can (no per-item temporary).
      if (source.fill) source.fill(out, i * per, per);
      else out.set(source.next(per), i * per);
    });
    return out;
  }
}

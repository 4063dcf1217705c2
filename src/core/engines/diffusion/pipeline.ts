/**
 * InpaintPipeline: diffusers' StableDiffusionInpaintPipeline (docs/method.md section 2) on ONNX
 * graphs, as an async generator of typed progress that checks for cancellation before every step.
 * It works at the processing size; mapping from and to the source size lives in inpaintImage.ts.
 */
import type { SchedulerId } from '../../../shared/recipe';
import type { RawImage } from '../../image/rawImage';
import type { NoiseSource } from './random';
import { createScheduler, type SchedulerConfig } from './schedulers/scheduler';
import { inpaintPipelineConfig } from './schedulers/inpaintPipelineConfig';
import { checkDenoisingSteps } from './denoisingSteps';
import {
  type DiffusionModel,
  loadDiffusionModel,
  type LoadDiffusionModelOptions,
} from './modelLoader';
import {
  assertFinite,
  type ImageTensor,
  maskedImage,
  maskToLatent,
  type RegenerateMask,
} from './tensors';
import { BatchNoise, decodeLatents, encodeImages } from './vaeCodec';
import { encodePrompts, noisePrediction, runUnet, UnetSampleBuffer } from './unetCall';

/** One augmentation in a batch: its own init image, mask and seeded noise stream. */
export interface InpaintItem {
  /** Init image at the processing size (the source, or the target composite). */
  image: ImageTensor;
  /** 1 = regenerate, at the processing size. */
  mask: RegenerateMask;
  /** The item's Gaussian stream; drawn in diffusers' order (posterior, initial noise, posterior, steps). */
  noise: NoiseSource;
  /** Like diffusers' `latents` argument: used as the initial noise and scaled by init_noise_sigma. */
  latents?: Float32Array;
}

export interface InpaintOptions {
  prompt: string;
  /** The unconditional text of classifier-free guidance ('' when none). */
  negativePrompt: string;
  steps: number;
  strength: number;
  guidanceScale: number;
  /** Scheduler override; default: the model's scheduler_config.json. */
  scheduler?: SchedulerId;
  /** A full scheduler config replacing the model's (tests use diffusers' recorded configs). */
  schedulerConfig?: SchedulerConfig;
  /** Augmentations run together: one UNet call per step for all of them. */
  items: InpaintItem[];
  signal?: AbortSignal;
}

/** What the pipeline reports while it works, ending with the images. */
export type PipelineEvent =
  | { kind: 'loading'; detail?: string }
  | { kind: 'encodingPrompt' }
  | { kind: 'denoising'; step: number; total: number }
  | { kind: 'decoding' }
  | { kind: 'done'; images: RawImage[]; latents: Float32Array };

/** Runs Stable Diffusion inpainting with a model folder, loading it on first use. */
export class InpaintPipeline {
  private model: DiffusionModel | undefined;

  constructor(
    readonly folder: string,
    private readonly loadOptions: LoadDiffusionModelOptions,
  ) {}

  /** The loaded model (undefined before the first run). */
  get loaded(): DiffusionModel | undefined {
    return this.model;
  }

  /** Loads the model folder (once); later calls return the same model. */
  async load(): Promise<DiffusionModel> {
    this.model ??= await loadDiffusionModel(this.folder, this.loadOptions);
    return this.model;
  }

  /** Generates one image per item; the last event is `done`. */
  async *run(options: InpaintOptions): AsyncGenerator<PipelineEvent, void> {
    validate(options);
    if (!this.model) {
      yield { kind: 'loading', detail: this.folder };
      this.model = await loadDiffusionModel(this.folder, this.loadOptions);
    }
    const model = this.model;
    const { layout } = model;
    const items = options.items;
    const batch = items.length;
    const { width, height } = items[0].image;
    if (width % layout.vaeScaleFactor !== 0 || height % layout.vaeScaleFactor !== 0) {
      throw new Error(
        `processing size ${width}x${height} is not a multiple of ${layout.vaeScaleFactor}`,
      );
    }
    const lw = width / layout.vaeScaleFactor;
    const lh = height / layout.vaeScaleFactor;
    const plane = lw * lh;
    const size = 4 * plane;
    const guided = options.guidanceScale > 1;

    checkAbort(options.signal);
    yield { kind: 'encodingPrompt' };
    const hidden = await encodePrompts(model, options, batch, guided);

    const scheduler = createScheduler(
      inpaintPipelineConfig(options.schedulerConfig ?? model.schedulerConfig),
      options.scheduler,
    );
    scheduler.setTimesteps(options.steps);
    const initSteps = Math.min(Math.floor(options.steps * options.strength), options.steps);
    const tStart = Math.max(options.steps - initSteps, 0);
    const timesteps = scheduler.timesteps.slice(tStart * scheduler.order);
    scheduler.setBeginIndex(tStart * scheduler.order);

    const noises = items.map((item) => item.noise);
    const fullStrength = options.strength === 1;
    const needImageLatents = layout.unetChannels === 4 || !fullStrength;
    const imageLatents = needImageLatents
      ? await encodeImages(
          model,
          items.map((i) => i.image),
          noises,
        )
      : undefined;
    const initialNoise = new Float32Array(batch * size);
    items.forEach((item, i) => initialNoise.set(item.latents ?? item.noise.next(size), i * size));
    let latents: Float32Array;
    if (fullStrength || items.some((item) => item.latents)) {
      latents = initialNoise.map((v) => v * scheduler.initNoiseSigma);
    } else {
      latents = scheduler.addNoise(imageLatents as Float32Array, initialNoise, timesteps[0]);
    }
    const masks = new Float32Array(batch * plane);
    items.forEach((item, i) => masks.set(maskToLatent(item.mask, lw, lh), i * plane));
    // diffusers always encodes the masked image (drawing one posterior sample); a 4-channel UNet
    // never uses it, so only the draw is taken.
    const maskedLatents =
      layout.unetChannels === 9
        ? await encodeImages(
            model,
            items.map((i) => maskedImage(i.image, i.mask)),
            noises,
          )
        : (noises.forEach((n) => n.next(size)), undefined);

    const stepNoise = new BatchNoise(noises);
    const copies = guided ? 2 : 1;
    // Buffers reused by every step: the UNet input (with the 9-channel condition written once)
    // and the noised image latents of 4-channel blending.
    const unetInput = new UnetSampleBuffer(
      layout.unetChannels,
      copies,
      batch,
      plane,
      [copies * batch, layout.unetChannels, lh, lw],
      layout.unet.sample.dtype,
      maskedLatents ? { masks, masked: maskedLatents } : undefined,
    );
    const proper = layout.unetChannels === 4 ? new Float32Array(batch * size) : undefined;
    for (let i = 0; i < timesteps.length; i++) {
      checkAbort(options.signal);
      const t = timesteps[i];
      const sample = unetInput.fill(latents, (x, out) => scheduler.scaleModelInput(x, t, out));
      const output = await runUnet(model, sample, t, hidden);
      const guidedEps = noisePrediction(output, guided ? options.guidanceScale : undefined);
      latents = scheduler.step(guidedEps, t, latents, stepNoise);
      if (proper) {
        const target =
          i < timesteps.length - 1
            ? scheduler.addNoise(
                imageLatents as Float32Array,
                initialNoise,
                timesteps[i + 1],
                proper,
              )
            : (imageLatents as Float32Array);
        blendOutsideMask(latents, target, masks, batch, plane);
      }
      assertFinite(latents, `Latents after step ${i + 1}`);
      yield { kind: 'denoising', step: i + 1, total: timesteps.length };
    }

    checkAbort(options.signal);
    yield { kind: 'decoding' };
    const images = await decodeLatents(model, latents, batch, lh, lw);
    yield { kind: 'done', images, latents };
  }

  /** Releases the ONNX sessions. */
  async dispose(): Promise<void> {
    const model = this.model;
    this.model = undefined;
    if (model) await Promise.all(Object.values(model.graphs).map((g) => g.release()));
  }
}

function validate(options: InpaintOptions): void {
  if (options.items.length === 0) throw new Error('InpaintPipeline: no items to generate');
  if (!Number.isInteger(options.steps) || options.steps < 1)
    throw new Error(`steps must be a positive integer, got ${options.steps}`);
  if (!(options.strength > 0 && options.strength <= 1))
    throw new Error(`strength must be in (0, 1], got ${options.strength}`);
  checkDenoisingSteps(options.steps, options.strength);
  if (!Number.isFinite(options.guidanceScale))
    throw new Error(`guidanceScale must be a number, got ${options.guidanceScale}`);
  const { width, height } = options.items[0].image;
  for (const item of options.items) {
    if (
      item.image.width !== width ||
      item.image.height !== height ||
      item.mask.width !== width ||
      item.mask.height !== height
    ) {
      throw new Error('InpaintPipeline: every image and mask in a batch must have the same size');
    }
  }
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw signal.reason instanceof Error
      ? signal.reason
      : new DOMException('The generation was cancelled', 'AbortError');
  }
}

/** 4-channel latent blending: keep `proper` (noised image latents) where the mask is 0. */
function blendOutsideMask(
  latents: Float32Array,
  proper: Float32Array,
  masks: Float32Array,
  batch: number,
  plane: number,
): void {
  for (let b = 0; b < batch; b++) {
    for (let c = 0; c < 4; c++) {
      const base = (b * 4 + c) * plane;
      for (let p = 0; p < plane; p++) {
        const m = masks[b * plane + p];
        // The latent mask is binary (maskToLatent): m = 1 keeps the latents as they are, m = 0
        // takes `proper`; only other values need the arithmetic (same result for finite values).
        if (m === 0) latents[base + p] = proper[base + p];
        else if (m !== 1) latents[base + p] = (1 - m) * proper[base + p] + m * latents[base + p];
      }
    }
  }
}

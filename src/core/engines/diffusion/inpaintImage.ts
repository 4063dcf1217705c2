/**
 * One source image through the diffusion engine: init image (the source, or the target composite
 * of the dermoscopy preset), inpainting mask = the key region inverted, the processing size the
 * recipe asks for, the pipeline, then back to the source's size and format with the key region
 * pasted back bit-exactly. Runs inside the worker process.
 */
import type { Recipe } from '../../../shared/recipe';
import { invert } from '../../image/maskOps';
import { pasteKeyRegion } from '../../image/pasteBack';
import type { AlphaMask, BinaryMask, RawImage } from '../../image/rawImage';
import { matchFormat, resizeExact } from '../../image/resize';
import { renderPrompt } from '../../recipe/templates';
import { compositeOntoTarget } from '../composite/compositeOntoTarget';
import type { EngineProgress } from '../engine';
import type { InpaintItem, InpaintPipeline } from './pipeline';
import {
  batchItemsWithinBudget,
  MAX_BATCH_ITEMS,
  MEMORY_LIMIT_ENV,
  memoryBudgetBytes,
} from './memoryEstimate';
import { readModelGeometry } from './modelGeometry';
import { processingSize } from './processingSize';
import { GaussianGenerator, type NoiseSource } from './random';
import { imageToTensor, type RegenerateMask } from './tensors';

export { MAX_BATCH_ITEMS } from './memoryEstimate';
export { processingSize } from './processingSize';

/** Several augmentations of one source, generated in one batch. */
export interface SourceJob {
  source: RawImage;
  keyMask: BinaryMask;
  keyAlpha: AlphaMask;
  label: string;
  recipe: Recipe;
  /** Name of the target domain for `{target}` in prompts. */
  targetName?: string;
  items: { seed: number; target?: RawImage; targetKeyMask?: BinaryMask }[];
  /** Tests: the noise of each item instead of GaussianGenerator(seed). */
  noiseFor?: (index: number) => NoiseSource;
}

/** Generates one augmentation per job item; yields progress, returns images at the source's size and format. */
export async function* inpaintSource(
  pipeline: InpaintPipeline,
  job: SourceJob,
  signal?: AbortSignal,
): AsyncGenerator<EngineProgress, RawImage[]> {
  const settings = job.recipe.diffusion;
  if (!pipeline.loaded) yield { kind: 'loading', detail: pipeline.folder };
  const model = await pipeline.load();
  const { width, height } = processingSize(
    settings.resolution,
    job.source,
    model.layout.nativeSize,
    model.layout.vaeScaleFactor * model.layout.unetDownFactor,
  );
  const chunk = batchItemsWithinBudget(
    readModelGeometry(pipeline.folder),
    { width, height },
    settings.guidanceScale > 1,
    memoryBudgetBytes(),
    MAX_BATCH_ITEMS,
  );
  if (chunk === 0) {
    throw new Error(
      `${width}x${height} px does not fit the memory budget (${MEMORY_LIMIT_ENV}); ` +
        'use resolution "model" or a smaller source',
    );
  }
  const mask = await regenerateMask(job.keyMask, width, height);
  const items: InpaintItem[] = [];
  for (const [index, item] of job.items.entries()) {
    if (settings.initFromTargetComposite && item.target) yield { kind: 'compositing' };
    const init =
      settings.initFromTargetComposite && item.target
        ? await compositeOntoTarget(
            {
              source: job.source,
              keyMask: job.keyMask,
              keyAlpha: job.keyAlpha,
              target: item.target,
              ...(item.targetKeyMask ? { targetKeyMask: item.targetKeyMask } : {}),
            },
            { ...job.recipe.composite, seed: item.seed },
          )
        : job.source;
    items.push({
      image: imageToTensor(await resizeExact(init, width, height)),
      mask,
      noise: job.noiseFor ? job.noiseFor(index) : new GaussianGenerator(item.seed),
    });
  }
  const values = { label: job.label, target: job.targetName ?? 'target' };
  const generated: RawImage[] = [];
  // Memory grows with the batch (UNet activations x 2 for guidance), so large k runs in chunks
  // that fit the budget; every item has its own noise stream, so chunking changes no result.
  for (let first = 0; first < items.length; first += chunk) {
    for await (const event of pipeline.run({
      prompt: renderPrompt(settings.prompt, values),
      negativePrompt: renderPrompt(settings.negativePrompt, values),
      steps: settings.steps,
      strength: settings.strength,
      guidanceScale: settings.guidanceScale,
      ...(settings.scheduler ? { scheduler: settings.scheduler } : {}),
      items: items.slice(first, first + chunk),
      ...(signal ? { signal } : {}),
    })) {
      if (event.kind === 'done') generated.push(...event.images);
      else yield event;
    }
  }
  const results: RawImage[] = [];
  for (const image of generated) {
    const sized = matchFormat(
      await resizeExact(image, job.source.width, job.source.height),
      job.source,
    );
    results.push(settings.pasteBack ? pasteKeyRegion(sized, job.source, job.keyAlpha) : sized);
  }
  return results;
}

/**
 * The key region inverted (1 = regenerate), resized like diffusers' mask processor (Lanczos on
 * the 8-bit mask) and binarized at 0.5.
 */
async function regenerateMask(
  keyMask: BinaryMask,
  width: number,
  height: number,
): Promise<RegenerateMask> {
  const inverted = invert(keyMask);
  const grey: RawImage = {
    width: keyMask.width,
    height: keyMask.height,
    channels: 1,
    bitDepth: 8,
    data: Uint8Array.from(inverted.data, (v) => (v ? 255 : 0)),
  };
  const resized = await resizeExact(grey, width, height);
  return { width, height, data: Uint8Array.from(resized.data, (v) => (v >= 128 ? 1 : 0)) };
}

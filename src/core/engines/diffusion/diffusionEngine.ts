/**
 * The diffusion engine: Stable Diffusion inpainting of one source's augmentations, the k of them
 * in one batched UNet pass per step. Its registry descriptor runs it inside the inference worker
 * process, where its model's sessions stay loaded between requests.
 */
import type { EngineCreateOptions, LocatedModel } from '../engineDescriptor';
import type { AugmentRequest, Engine, EngineProgress, ExecutionBackend } from '../engine';
import type { RawImage } from '../../image/rawImage';
import { sourceBatch } from '../sourceBatch';
import { inpaintSource } from './inpaintImage';
import { InpaintPipeline } from './pipeline';

/** Stable Diffusion inpainting outside the key region on a loaded model folder. */
export class DiffusionEngine implements Engine {
  readonly id = 'diffusion';

  constructor(private readonly pipeline: InpaintPipeline) {}

  async augment(
    request: AugmentRequest,
    onProgress?: (p: EngineProgress) => void,
  ): Promise<RawImage> {
    const [image] = await this.augmentBatch([request], onProgress);
    if (image === undefined) throw new Error('diffusion: the pipeline returned no image');
    return image;
  }

  /**
   * Several augmentations of one source in one batched UNet call per step. The requests must share
   * the source, masks, label and recipe; they differ in seed and target exemplar.
   */
  async augmentBatch(
    requests: AugmentRequest[],
    onProgress?: (p: EngineProgress) => void,
  ): Promise<RawImage[]> {
    const first = requests[0];
    if (!first) return [];
    const generator = inpaintSource(this.pipeline, sourceBatch(requests), first.signal);
    let next = await generator.next();
    while (!next.done) {
      onProgress?.(next.value);
      next = await generator.next();
    }
    return next.value;
  }

  executionBackend(): ExecutionBackend {
    const model = this.pipeline.loaded;
    if (!model) return { executionProvider: 'not loaded', fallbacks: [] };
    const { executionProvider, fallbacks, notes } = model;
    return { executionProvider, fallbacks, ...(notes.length > 0 ? { notes } : {}) };
  }

  describe(): string {
    const { executionProvider, fallbacks, notes = [] } = this.executionBackend();
    return [
      `diffusion on ${executionProvider} (${this.pipeline.folder})`,
      ...fallbacks.map((f) => `${f.provider} unavailable: ${f.error}`),
      ...notes,
    ].join('; ');
  }

  async dispose(): Promise<void> {
    await this.pipeline.dispose();
  }
}

/**
 * The registry's factory: loads the folder (every graph, the tokenizer and the scheduler config),
 * so an unusable folder fails here with one ModelFolderError listing every problem.
 */
export async function createDiffusionEngine(
  model: LocatedModel | undefined,
  options: EngineCreateOptions,
): Promise<DiffusionEngine> {
  if (!model) throw new Error('the diffusion engine needs a model folder');
  const pipeline = new InpaintPipeline(model.path, {
    executionProvider: options.executionProvider,
  });
  await pipeline.load();
  return new DiffusionEngine(pipeline);
}

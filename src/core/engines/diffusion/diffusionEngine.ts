/**
 * The diffusion engine as the job runner sees it: an {@link Engine} whose work happens in the
 * inference worker process (src/worker), reached through the shared WorkerClient.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { Recipe } from '../../../shared/recipe';
import type { BackendInfo, GenerateJob } from '../../../shared/workerProtocol';
import { sharedWorkerClient, type WorkerClient } from '../../../worker/client';
import type { RawImage } from '../../image/rawImage';
import { ModelRegistry } from '../../models/registry';
import type { EngineContext } from '../createEngine';
import type { AugmentRequest, Engine, EngineProgress } from '../engine';

export interface DiffusionEngineOptions {
  /** The model folder (diffusers/optimum ONNX layout). */
  modelDir: string;
  /** Defaults to the process-wide shared client. */
  client?: WorkerClient;
  log?: (message: string) => void;
}

/** Stable Diffusion inpainting outside the key region, run in the worker process. */
export class DiffusionEngine implements Engine {
  readonly id = 'diffusion';
  private backend: BackendInfo | undefined;
  private readonly client: WorkerClient;

  constructor(private readonly options: DiffusionEngineOptions) {
    this.client = options.client ?? sharedWorkerClient(options.log ? { log: options.log } : {});
  }

  async augment(
    request: AugmentRequest,
    onProgress?: (p: EngineProgress) => void,
  ): Promise<RawImage> {
    const [image] = await this.augmentBatch([request], onProgress);
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
    if (requests.some((r) => r.source !== first.source || r.label !== first.label)) {
      throw new Error(
        'augmentBatch: every request in a batch must be for the same source image and label',
      );
    }
    const job: GenerateJob = {
      modelDir: this.options.modelDir,
      executionProvider: first.recipe.diffusion.executionProvider,
      recipe: first.recipe,
      label: first.label,
      ...(first.targetName ? { targetName: first.targetName } : {}),
      source: first.source,
      keyMask: first.keyMask,
      keyAlpha: first.keyAlpha,
      items: requests.map((r) => ({
        seed: r.seed,
        ...(r.target ? { target: r.target } : {}),
        ...(r.targetKeyMask ? { targetKeyMask: r.targetKeyMask } : {}),
      })),
    };
    const { images, backend } = await this.client.generate(job, {
      ...(onProgress ? { onProgress } : {}),
      ...(first.signal ? { signal: first.signal } : {}),
    });
    if (!this.backend) {
      this.backend = backend;
      this.options.log?.(this.describe());
    }
    return images;
  }

  describe(): string {
    if (!this.backend) return `diffusion (${this.options.modelDir}; not loaded yet)`;
    const fallbacks = this.backend.fallbacks.map((f) => `${f.provider} unavailable: ${f.error}`);
    return [
      `diffusion on ${this.backend.executionProvider} (${this.options.modelDir})`,
      ...fallbacks,
    ].join('; ');
  }

  async dispose(): Promise<void> {
    await this.client.dispose();
  }
}

/**
 * The model folder a recipe names: a folder path (relative to the working directory), or a
 * catalog id looked up under the context's model search paths.
 */
export function resolveModelDir(model: string, searchPaths: readonly string[] = []): string {
  const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();
  if (!model)
    throw new Error(
      'the diffusion engine needs a model: set recipe.diffusion.model or pass --model DIR',
    );
  if (isDir(resolve(model))) return resolve(model);
  if (!isAbsolute(model)) {
    for (const base of searchPaths) if (isDir(join(base, model))) return join(base, model);
  }
  const where = searchPaths.length > 0 ? ` or under ${searchPaths.join(', ')}` : '';
  throw new Error(
    `diffusion model folder not found: ${model} (looked for a folder at that path${where})`,
  );
}

/** A model reference resolved: where the model is, and the id to record for it. */
export interface LocatedModel {
  path: string;
  /** The catalog id (or the registered id) for a registered model, else the folder's name. */
  id: string;
}

/**
 * Resolves recipe.diffusion.model: a folder path; else a model registered (downloaded or added)
 * under that id in one of the search paths' registries; else a folder of that name under a search
 * path (see {@link resolveModelDir}).
 */
export async function locateDiffusionModel(
  model: string,
  searchPaths: readonly string[] = [],
): Promise<LocatedModel> {
  if (model && existsSync(resolve(model)) && statSync(resolve(model)).isDirectory())
    return { path: resolve(model), id: basename(resolve(model)) };
  if (model && !isAbsolute(model)) {
    for (const base of searchPaths) {
      const registered = await new ModelRegistry(base).get(model);
      if (registered && registered.kind.startsWith('sd-') && existsSync(registered.path))
        return { path: registered.path, id: registered.catalogId ?? registered.id };
    }
  }
  return { path: resolveModelDir(model, searchPaths), id: model };
}

/** The engine factory registered in createEngine. */
export async function createDiffusionEngine(
  recipe: Recipe,
  context: EngineContext,
): Promise<Engine> {
  const { path: modelDir } = await locateDiffusionModel(
    recipe.diffusion.model,
    context.modelSearchPaths,
  );
  return new DiffusionEngine({ modelDir, ...(context.log ? { log: context.log } : {}) });
}

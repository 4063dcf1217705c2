/**
 * The 'migan' / 'lama' engine as the job runner sees it: the graph runs in the inference worker
 * process (src/worker/plainHost.ts), reached through the shared WorkerClient like the diffusion
 * engine, so a native crash or a long session.run never touches the CLI or the extension host.
 */
import type { BackendInfo, GenerateJob } from '../../../shared/workerProtocol';
import { sharedWorkerClient, type WorkerClient } from '../../../worker/client';
import type { RawImage } from '../../image/rawImage';
import type { AugmentRequest, Engine, EngineProgress } from '../engine';
import type { PlainEngineId } from './contracts';

export interface WorkerPlainInpainterOptions {
  /** The .onnx file. */
  modelPath: string;
  /** Defaults to the process-wide shared client. */
  client?: WorkerClient;
  log?: (message: string) => void;
}

export class WorkerPlainInpainter implements Engine {
  private backend: BackendInfo | undefined;
  private readonly client: WorkerClient;

  constructor(
    readonly id: PlainEngineId,
    private readonly options: WorkerPlainInpainterOptions,
  ) {
    this.client = options.client ?? sharedWorkerClient(options.log ? { log: options.log } : {});
  }

  /**
   * Loads the model in the worker (starting it if needed) and checks its interface, so a bad model
   * fails before any item runs. Returns what the worker reports about it.
   */
  async load(recipe: AugmentRequest['recipe']): Promise<BackendInfo> {
    const probe: GenerateJob = {
      engine: this.id,
      modelDir: this.options.modelPath,
      executionProvider: recipe.diffusion.executionProvider,
      recipe,
      label: '',
      source: { width: 1, height: 1, channels: 3, bitDepth: 8, data: new Uint8Array(3) },
      keyMask: { width: 1, height: 1, data: new Uint8Array(1) },
      keyAlpha: { width: 1, height: 1, data: new Float32Array(1) },
      items: [],
    };
    const { backend } = await this.client.generate(probe);
    this.backend = backend;
    return backend;
  }

  async augment(
    request: AugmentRequest,
    onProgress?: (p: EngineProgress) => void,
  ): Promise<RawImage> {
    const job: GenerateJob = {
      engine: this.id,
      modelDir: this.options.modelPath,
      executionProvider: request.recipe.diffusion.executionProvider,
      recipe: request.recipe,
      label: request.label,
      ...(request.targetName !== undefined ? { targetName: request.targetName } : {}),
      source: request.source,
      keyMask: request.keyMask,
      keyAlpha: request.keyAlpha,
      items: [
        {
          seed: request.seed,
          ...(request.target ? { target: request.target } : {}),
          ...(request.targetKeyMask ? { targetKeyMask: request.targetKeyMask } : {}),
        },
      ],
    };
    const { images, backend } = await this.client.generate(job, {
      ...(onProgress ? { onProgress } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    this.backend = backend;
    const [image] = images;
    if (image === undefined) throw new Error(`${this.id}: the worker returned no image`);
    return image;
  }

  describe(): string {
    if (!this.backend) return `${this.id} (${this.options.modelPath}; not loaded yet)`;
    const description = this.backend.description ?? `${this.id} (${this.options.modelPath})`;
    const pid =
      this.backend.workerPid !== undefined ? `, worker pid ${this.backend.workerPid}` : '';
    return `${description}${pid}`;
  }

  async dispose(): Promise<void> {
    await this.client.dispose();
  }
}

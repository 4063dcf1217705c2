/**
 * RemoteEngine: an {@link Engine} whose work happens in the inference worker process. It forwards
 * each call as one request (the k augmentations of a source as one batch, for engines that batch)
 * and hands the worker's progress straight through, so the job runner cannot tell it from an
 * engine in its own process. It wraps any engine the worker hosts; none of them is named here.
 */
import type {
  AugmentRequest,
  Engine,
  EngineProgress,
  ExecutionBackend,
} from '../core/engines/engine';
import { sourceBatch } from '../core/engines/sourceBatch';
import type { RawImage } from '../core/image/rawImage';
import type { BackendInfo, HostedEngineKey } from '../shared/workerProtocol';
import type { WorkerClient } from './client';

export class RemoteEngine implements Engine {
  /** Present only for engines that batch, so the job runner batches exactly those. */
  readonly augmentBatch: Engine['augmentBatch'];
  private backend: BackendInfo | undefined;

  constructor(
    private readonly key: HostedEngineKey,
    private readonly client: WorkerClient,
    batches: boolean,
  ) {
    this.augmentBatch = batches
      ? (requests, onProgress): Promise<RawImage[]> => this.run(requests, onProgress)
      : undefined;
  }

  get id(): string {
    return this.key.engine;
  }

  /** Loads (and checks) the model in the worker, starting it if needed; returns where it runs. */
  async load(): Promise<BackendInfo> {
    this.backend = await this.client.request('loadEngine', this.key);
    return this.backend;
  }

  async augment(
    request: AugmentRequest,
    onProgress?: (p: EngineProgress) => void,
  ): Promise<RawImage> {
    const [image] = await this.run([request], onProgress);
    if (image === undefined) throw new Error(`${this.id}: the worker returned no image`);
    return image;
  }

  executionBackend(): ExecutionBackend {
    if (!this.backend) return { executionProvider: 'not loaded', fallbacks: [] };
    const { executionProvider, fallbacks, notes } = this.backend;
    return { executionProvider, fallbacks, ...(notes ? { notes } : {}) };
  }

  describe(): string {
    if (!this.backend) return `${this.id} (${this.key.model}; not loaded yet)`;
    const description = this.backend.description ?? `${this.id} (${this.key.model})`;
    const pid =
      this.backend.workerPid !== undefined ? `, worker pid ${this.backend.workerPid}` : '';
    return `${description}${pid}`;
  }

  private async run(
    requests: AugmentRequest[],
    onProgress?: (p: EngineProgress) => void,
  ): Promise<RawImage[]> {
    const first = requests[0];
    if (!first) return [];
    const { images, backend } = await this.client.request(
      'augment',
      { ...this.key, batch: sourceBatch(requests) },
      { ...(onProgress ? { onProgress } : {}), ...(first.signal ? { signal: first.signal } : {}) },
    );
    this.backend = backend;
    return images;
  }
}

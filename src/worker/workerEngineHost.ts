/**
 * The engine host the CLI hands to core: engines whose descriptor says they run in the worker are
 * started there, behind a {@link RemoteEngine}, with their model loaded and checked up front.
 */
import type { Engine } from '../core/engines/engine';
import type {
  EngineCreateOptions,
  EngineDescriptor,
  LocatedModel,
} from '../core/engines/engineDescriptor';
import type { EngineHost } from '../core/engines/engineHost';
import type { BackendInfo } from '../shared/workerProtocol';
import type { WorkerClient } from './client';
import { RemoteEngine } from './remoteEngine';

/**
 * One line for people: what runs where, why better providers were not used, and how the model
 * was adapted to the provider.
 */
export function backendLine(what: string, modelPath: string, backend: BackendInfo): string {
  const fallbacks = backend.fallbacks.map((f) => `${f.provider} unavailable: ${f.error}`);
  return (
    `${what}: ${modelPath} on ${backend.executionProvider}` +
    (fallbacks.length > 0 ? ` (${fallbacks.join('; ')})` : '') +
    (backend.workerPid !== undefined ? ` in worker pid ${backend.workerPid}` : '') +
    (backend.notes?.length ? `; ${backend.notes.join('; ')}` : '')
  );
}

/** Starts worker-run engines in the inference worker of `client`. */
export class WorkerEngineHost implements EngineHost {
  constructor(
    private readonly client: WorkerClient,
    private readonly log?: (message: string) => void,
  ) {}

  async start(
    descriptor: EngineDescriptor,
    model: LocatedModel | undefined,
    options: EngineCreateOptions,
  ): Promise<Engine> {
    const engine = new RemoteEngine(
      {
        engine: descriptor.id,
        model: model?.path ?? '',
        executionProvider: options.executionProvider,
      },
      this.client,
      descriptor.batches,
    );
    const backend = await engine.load();
    this.log?.(backendLine(descriptor.id, model?.path ?? 'no model', backend));
    return engine;
  }
}

/**
 * What the inference worker does for each request: the generic engine host (any engine whose
 * registry descriptor says it runs in the worker, created by that descriptor and kept loaded by
 * engine, model and provider), background removal and the provider comparison of `models check`.
 * Modules that load sharp or onnxruntime are imported on first use.
 */
import { basename } from 'node:path';
import type { AugmentRequest, Engine } from '../core/engines/engine';
import { engineDescriptor } from '../core/engines/registry';
import { engineFactory } from '../core/engines/engineFactories';
import { batchRequests } from '../core/engines/sourceBatch';
import type { RawImage } from '../core/image/rawImage';
import type { BackgroundRemover } from '../core/masks/backgroundRemoval';
import type { EngineProgress } from '../shared/engineProgress';
import type { Handlers } from '../shared/requestServer';
import type { BackendInfo, HostedEngineKey, WorkerProtocol } from '../shared/workerProtocol';
import { SessionCache } from './sessionCache';

/** What the worker reports with every engine answer. */
function backendOf(engine: Engine): BackendInfo {
  const backend = engine.executionBackend?.() ?? { executionProvider: 'none', fallbacks: [] };
  return {
    ...backend,
    ...(engine.describe ? { description: engine.describe() } : {}),
    workerPid: process.pid,
    // resourceUsage().maxRSS is in kilobytes.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

/** Each request alone, in order (engines that do not batch). */
async function oneByOne(
  engine: Engine,
  requests: AugmentRequest[],
  progress: (p: EngineProgress) => void,
): Promise<RawImage[]> {
  const images: RawImage[] = [];
  for (const request of requests) images.push(await engine.augment(request, progress));
  return images;
}

/** A loaded background-removal graph and where it runs. */
interface HostedRemover {
  remover: BackgroundRemover;
  backend: BackendInfo;
  dispose(): Promise<void>;
}

/** The handlers of a worker process, with its own session caches. */
export function workerHandlers(): Handlers<WorkerProtocol> & { dispose(): Promise<void> } {
  const engines = new SessionCache<Engine>();
  const removers = new SessionCache<HostedRemover>();

  const hostedEngine = (
    key: HostedEngineKey,
    progress: (p: EngineProgress) => void,
  ): Promise<Engine> => {
    const descriptor = engineDescriptor(key.engine);
    if (descriptor.host !== 'worker')
      throw new Error(`engine "${key.engine}" does not run in the inference worker`);
    return engines.get(key.engine, `${key.model}\n${key.executionProvider}`, () => {
      progress({ kind: 'loading', detail: key.model });
      const model = key.model === '' ? undefined : { path: key.model, id: basename(key.model) };
      return engineFactory(key.engine).create(model, { executionProvider: key.executionProvider });
    });
  };

  const remover = (model: string, executionProvider: HostedEngineKey['executionProvider']) =>
    removers.get('backgroundRemoval', `${model}\n${executionProvider}`, async () => {
      const { OrtModel } = await import('../core/backend/ort.js');
      const { BackgroundRemover } = await import('../core/masks/backgroundRemoval.js');
      const session = await OrtModel.load(model, { preference: executionProvider });
      try {
        return {
          remover: new BackgroundRemover(session),
          backend: {
            executionProvider: session.executionProvider,
            fallbacks: session.fallbacks,
            workerPid: process.pid,
          },
          dispose: () => session.release(),
        };
      } catch (error) {
        // Not a background-removal graph: release its session before failing.
        await session.release();
        throw error;
      }
    });

  return {
    loadEngine: async (key, { progress }) => backendOf(await hostedEngine(key, progress)),

    augment: async ({ batch, ...key }, { signal, progress }) => {
      const engine = await hostedEngine(key, progress);
      const requests = batchRequests(batch, signal);
      const images =
        requests.length > 1 && engine.augmentBatch
          ? await engine.augmentBatch(requests, progress)
          : await oneByOne(engine, requests, progress);
      return { images, backend: backendOf(engine) };
    },

    loadBackgroundRemover: async ({ model, executionProvider }) =>
      (await remover(model, executionProvider)).backend,

    removeBackground: async ({ model, executionProvider, image, threshold, dilate }) =>
      (await remover(model, executionProvider)).remover.propose(image, {
        ...(threshold !== undefined ? { threshold } : {}),
        ...(dilate ? { dilate } : {}),
      }),

    compareGraph: async ({ graph, provider }) =>
      (await import('../core/backend/providerCompare.js')).compareWithCpu(graph, provider),

    dispose: async () => {
      await engines.disposeAll();
      await removers.disposeAll();
    },
  };
}

/**
 * The CLI is the one orchestrator of the engines: it hands core the inference worker as the host
 * of worker-run engines, and core never learns that a worker exists.
 */
import type { EngineContext } from '../core/engines/createEngine';
import { modelSearchDirs } from '../core/models/cacheDir';
import { disposeSharedWorkerClient, sharedWorkerClient } from '../worker/client';
import { WorkerEngineHost } from '../worker/workerEngineHost';

/** An engine context for one command, and how to stop its worker afterwards. */
export interface EngineWiring {
  context: EngineContext;
  /** Stops the inference worker, if one was started. */
  dispose(): Promise<void>;
}

/** The context every CLI command creates its engine with; `log` gets messages for people. */
export function cliEngineWiring(log: (message: string) => void): EngineWiring {
  const client = sharedWorkerClient({ log });
  return {
    context: {
      // Downloaded and registered models (`maskmedpaint models`), found by catalog id.
      modelSearchPaths: modelSearchDirs(),
      // The host logs where each engine's model runs.
      host: new WorkerEngineHost(client, log),
    },
    dispose: disposeSharedWorkerClient,
  };
}

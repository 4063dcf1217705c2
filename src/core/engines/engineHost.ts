/**
 * Where engines that run in another process are started. Core only declares the contract: the
 * orchestrator (the CLI) hands in an implementation (src/worker/workerEngineHost.ts), so core
 * never imports the worker.
 */
import type { Engine } from './engine';
import type { EngineCreateOptions, EngineDescriptor, LocatedModel } from './engineDescriptor';

/** Starts engines in a host process and returns local proxies for them. */
export interface EngineHost {
  /**
   * Creates `descriptor`'s engine with `model` in the host process, loading and checking the
   * model there (so an unusable model fails now, not at the first item).
   */
  start(
    descriptor: EngineDescriptor,
    model: LocatedModel | undefined,
    options: EngineCreateOptions,
  ): Promise<Engine>;
}

/**
 * How each engine that runs in the calling process without a model is created: one synchronous
 * creator per such engine of the registry (a missing or extra one is a compile error). The CLI
 * reaches it through engineFactories.ts; the job runner's pool threads import it directly
 * (src/core/jobs/pool/groupTask.ts). The engines are imported statically, not with `import()`, so
 * that a thread started from the TypeScript sources (tests, benchmarks) needs only tsx's `require`
 * hook, which is all a worker thread gets. No native library loads with them: sharp loads on the
 * first image call (core/image/sharpLibrary.ts).
 */
import type { Engine } from './engine';
import { CompositeEngine } from './composite/compositeEngine';
import { CopyBackgroundEngine } from './copyBackground/copyBackgroundEngine';
import { ENGINE_IDS, isInProcessEngine, type InProcessEngineId } from './registry';
import { EngineUnavailableError } from './engineErrors';

const CREATE = {
  composite: () => new CompositeEngine(),
  copyBackground: () => new CopyBackgroundEngine(),
} as const satisfies Record<InProcessEngineId, () => Engine>;

/**
 * A new instance of in-process engine `id`.
 * @throws EngineUnavailableError for an id that is not an in-process engine of the registry.
 */
export function createInProcessEngine(id: string): Engine {
  if (!isInProcessEngine(id)) throw new EngineUnavailableError(id, ENGINE_IDS);
  return CREATE[id]();
}

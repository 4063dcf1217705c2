// Built on the registry alone, so a new engine that runs in process without a model is covered
// without editing this file: each has its one creator (inProcessEngines.ts), reached the same way
// by the CLI (engineFactories.ts) and by the pool threads (threadPool.test.ts runs each there).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineUnavailableError } from '../../../src/core/engines/engineErrors';
import { engineFactory } from '../../../src/core/engines/engineFactories';
import { createInProcessEngine } from '../../../src/core/engines/inProcessEngines';
import {
  ENGINES,
  IN_PROCESS_ENGINE_IDS,
  isInProcessEngine,
} from '../../../src/core/engines/registry';

test('every in-process engine without a model is created by its one creator, by the CLI too', async () => {
  assert.ok(IN_PROCESS_ENGINE_IDS.length > 0);
  for (const id of IN_PROCESS_ENGINE_IDS) {
    const direct = createInProcessEngine(id);
    assert.equal(direct.id, id);
    const viaFactory = await engineFactory(id).create(undefined, { executionProvider: 'cpu' });
    assert.equal(viaFactory.id, id);
    assert.equal(viaFactory.constructor, direct.constructor, id);
  }
});

test('engines that run a model or in the worker are not created in process', () => {
  for (const engine of ENGINES) {
    const inProcess = engine.host === 'inProcess' && engine.model === null;
    assert.equal(isInProcessEngine(engine.id), inProcess, engine.id);
    if (inProcess) continue;
    assert.throws(() => createInProcessEngine(engine.id), EngineUnavailableError);
    assert.ok(engineFactory(engine.id).create, engine.id);
  }
  assert.throws(() => createInProcessEngine('gan'), EngineUnavailableError);
});

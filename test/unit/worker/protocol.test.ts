import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFromWorkerMessage, isToWorkerMessage } from '../../../src/shared/workerProtocol';

describe('worker protocol validation', () => {
  it('accepts well-formed messages in both directions', () => {
    assert.ok(isToWorkerMessage({ type: 'cancel', jobId: 3 }));
    assert.ok(isToWorkerMessage({ type: 'shutdown' }));
    assert.ok(isToWorkerMessage({ type: 'generate', jobId: 1, job: { modelDir: '/m' } }));
    for (const engine of ['diffusion', 'migan', 'lama'])
      assert.ok(
        isToWorkerMessage({ type: 'generate', jobId: 1, job: { engine, modelDir: '/m.onnx' } }),
      );
    assert.ok(isFromWorkerMessage({ type: 'ready', pid: 10 }));
    assert.ok(isFromWorkerMessage({ type: 'progress', jobId: 1, progress: { kind: 'decoding' } }));
    assert.ok(
      isFromWorkerMessage({
        type: 'result',
        jobId: 1,
        images: [],
        backend: { executionProvider: 'cpu', fallbacks: [] },
      }),
    );
    assert.ok(
      isFromWorkerMessage({ type: 'failed', jobId: 1, error: { name: 'Error', message: 'x' } }),
    );
  });

  it('rejects unknown types, missing fields and non-objects', () => {
    for (const bad of [
      null,
      'cancel',
      42,
      {},
      { type: 'cancel' },
      { type: 'generate', jobId: 1 },
      { type: 'generate', jobId: 1, job: { engine: 'composite', modelDir: '/m' } },
      { type: 'explode' },
    ]) {
      assert.equal(isToWorkerMessage(bad), false, JSON.stringify(bad));
    }
    for (const bad of [
      undefined,
      { type: 'ready' },
      { type: 'result', jobId: 1, images: 'x', backend: {} },
      { type: 'failed', jobId: 'a', error: {} },
    ]) {
      assert.equal(isFromWorkerMessage(bad), false, JSON.stringify(bad));
    }
  });
});

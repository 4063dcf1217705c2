import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isEnvelope } from '../../../src/shared/messageTransport';
import { backendLine } from '../../../src/worker/workerEngineHost';
import {
  isClientNotice,
  isWorkerNotice,
  WORKER_GUARDS,
} from '../../../src/shared/workerProtocolGuards';

const image = { width: 2, height: 1, channels: 3, bitDepth: 8, data: new Uint8Array(6) };
const mask = { width: 2, height: 1, data: new Uint8Array(2) };
const alpha = { width: 2, height: 1, data: new Float32Array(2) };
const key = { engine: 'lama', model: '/m.onnx', executionProvider: 'cpu' };
const batch = { recipe: {}, label: 'a', source: image, keyMask: mask, keyAlpha: alpha, items: [] };
const backend = { executionProvider: 'cpu', fallbacks: [] };

describe('worker protocol validation', () => {
  it('accepts well-formed envelopes, requests, answers and notices', () => {
    for (const envelope of [
      { kind: 'request', id: 1, method: 'augment', params: {} },
      { kind: 'cancel', id: 3 },
      { kind: 'progress', replyTo: 1, progress: { kind: 'decoding' } },
      { kind: 'reply', replyTo: 1, result: {} },
      { kind: 'failure', replyTo: 1, error: { name: 'Error', message: 'x' } },
      { kind: 'notice', notice: { type: 'ready', pid: 10 } },
    ])
      assert.ok(isEnvelope(envelope), JSON.stringify(envelope));
    assert.ok(WORKER_GUARDS.loadEngine.params(key));
    assert.ok(WORKER_GUARDS.loadEngine.result(backend));
    assert.ok(WORKER_GUARDS.loadEngine.result({ ...backend, notes: ['unet: conv padded'] }));
    assert.ok(
      WORKER_GUARDS.augment.params({
        ...key,
        batch: { ...batch, items: [{ seed: 1, target: image, targetKeyMask: mask }] },
      }),
    );
    assert.ok(WORKER_GUARDS.augment.result({ images: [image], backend }));
    assert.ok(WORKER_GUARDS.augment.progress({ kind: 'denoising', step: 1, total: 3 }));
    assert.ok(
      WORKER_GUARDS.removeBackground.params({
        model: '/r.onnx',
        executionProvider: 'auto',
        image,
        dilate: { kernel: 11, iterations: 3 },
      }),
    );
    assert.ok(WORKER_GUARDS.removeBackground.result(mask));
    assert.ok(WORKER_GUARDS.compareGraph.params({ graph: '/g.onnx', provider: 'webgpu' }));
    assert.ok(
      WORKER_GUARDS.compareGraph.result({
        ranOn: 'cpu',
        fallbacks: [{ provider: 'webgpu', error: 'absent' }],
        float16: false,
        outputs: [{ name: 'y', dims: [1], maxAbsDiff: 0, maxAbs: 1 }],
      }),
    );
    assert.ok(isWorkerNotice({ type: 'ready', pid: 10 }));
    assert.ok(isClientNotice({ type: 'shutdown' }));
  });

  it('rejects unknown kinds, missing fields, wrong types and non-objects', () => {
    for (const bad of [
      null,
      'cancel',
      42,
      {},
      { kind: 'cancel' },
      { kind: 'request', id: 1 },
      { kind: 'failure', replyTo: 1, error: {} },
      { kind: 'explode' },
    ])
      assert.equal(isEnvelope(bad), false, JSON.stringify(bad));
    assert.equal(WORKER_GUARDS.loadEngine.params({ engine: 'lama' }), false, 'no model');
    assert.equal(WORKER_GUARDS.augment.params(key), false, 'no batch');
    assert.equal(
      WORKER_GUARDS.augment.params({
        ...key,
        batch: { ...batch, source: { ...image, data: [0] } },
      }),
      false,
      'pixels as a JSON array',
    );
    assert.equal(
      WORKER_GUARDS.augment.params({ ...key, batch: { ...batch, items: [{ seed: 'x' }] } }),
      false,
      'a seed that is not a number',
    );
    assert.equal(WORKER_GUARDS.augment.result({ images: 'x', backend }), false);
    assert.equal(WORKER_GUARDS.augment.result({ images: [], backend: {} }), false);
    assert.equal(WORKER_GUARDS.loadEngine.result({ ...backend, notes: 'padded' }), false);
    assert.equal(WORKER_GUARDS.loadEngine.result({ ...backend, notes: [3] }), false);
    assert.equal(WORKER_GUARDS.augment.progress({ kind: 'denoising', step: 1 }), false);
    assert.equal(WORKER_GUARDS.removeBackground.progress({ kind: 'decoding' }), false);
    assert.equal(WORKER_GUARDS.compareGraph.result({ ranOn: 'cpu', outputs: [] }), false);
    assert.equal(isWorkerNotice({ type: 'ready' }), false);
    assert.equal(isClientNotice({ type: 'explode' }), false);
  });
});

describe('backendLine', () => {
  it('says where the model runs, what was passed over and how the model was adapted', () => {
    assert.equal(
      backendLine('diffusion', '/m', {
        executionProvider: 'webgpu',
        fallbacks: [{ provider: 'cuda', error: 'no driver' }],
        notes: ['webgpu computes in the NCHW layout (MASKMEDPAINT_WEBGPU_LAYOUT)'],
        workerPid: 7,
      }),
      'diffusion: /m on webgpu (cuda unavailable: no driver) in worker pid 7; ' +
        'webgpu computes in the NCHW layout (MASKMEDPAINT_WEBGPU_LAYOUT)',
    );
    assert.equal(backendLine('lama', '/l.onnx', backend), 'lama: /l.onnx on cpu');
  });
});

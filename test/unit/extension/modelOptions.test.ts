import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RegisteredModel } from '../../../src/core/models/registry';
import { modelOptions } from '../../../src/extension/inpaint/modelOptions';

function model(
  id: string,
  kind: RegisteredModel['kind'],
  engine?: 'migan' | 'lama',
): RegisteredModel {
  return {
    id,
    kind,
    ...(engine ? { engine } : {}),
    path: `/cache/${id}`,
    source: 'download',
    files: {},
    verified: true,
    addedAt: '2026-01-01T00:00:00Z',
  };
}

const registry = [
  model('sd15-inpaint', 'sd-inpaint-9ch'),
  model('migan', 'plain-inpainter', 'migan'),
  model('lama', 'plain-inpainter', 'lama'),
  model('rmbg', 'background-removal'),
];

test('offers only the models that fit the engine', () => {
  assert.deepEqual(
    modelOptions('diffusion', registry, [], undefined).map((o) => o.label),
    ['sd15-inpaint'],
  );
  assert.deepEqual(
    modelOptions('lama', registry, [], undefined).map((o) => o.label),
    ['lama'],
  );
  assert.deepEqual(modelOptions('composite', registry, [], undefined), []);
});

test('last used first, then registry, then setting folders, each path once', () => {
  const options = modelOptions('migan', registry, ['/models/mine', '/cache/migan'], '/models/mine');
  assert.deepEqual(
    options.map((o) => [o.path, o.description]),
    [
      ['/models/mine', 'last used'],
      ['/cache/migan', 'downloaded, verified'],
    ],
  );
});

test('setting entries are offered to the engines that read their shape: folders or .onnx files', () => {
  const setting = ['/models/sd15', '/models/big-lama.onnx'];
  assert.deepEqual(
    modelOptions('diffusion', [], setting, undefined).map((o) => o.path),
    ['/models/sd15'],
  );
  assert.deepEqual(
    modelOptions('lama', [], setting, undefined).map((o) => o.path),
    ['/models/big-lama.onnx'],
  );
  assert.deepEqual(modelOptions('gan', registry, setting, undefined), [], 'unknown engine');
});

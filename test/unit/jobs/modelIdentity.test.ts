import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { hashModel, modelIdentity } from '../../../src/core/jobs/modelIdentity';
import { testRecipe } from './helpers/runHelpers';

test('the composite engine and catalog ids have no model identity here', async () => {
  assert.equal(await modelIdentity(testRecipe()), null);
  assert.equal(
    await modelIdentity(testRecipe({ engine: 'migan', diffusion: { model: 'migan-512' } })),
    null,
  );
});

test('a model file is identified by its name and SHA-256', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mmp-model-'));
  const file = path.join(dir, 'tiny.onnx');
  writeFileSync(file, 'weights');
  const identity = await modelIdentity(testRecipe({ engine: 'lama', diffusion: { model: file } }));
  assert.deepEqual(identity, {
    id: 'tiny.onnx',
    sha256: createHash('sha256').update('weights').digest('hex'),
  });
});

test('a model folder hash changes when any file changes, appears or disappears', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mmp-model-'));
  mkdirSync(path.join(dir, 'unet'));
  writeFileSync(path.join(dir, 'model_index.json'), '{}');
  writeFileSync(path.join(dir, 'unet', 'model.onnx'), 'a');
  const first = await hashModel(dir);
  assert.equal(await hashModel(dir), first, 'stable');
  writeFileSync(path.join(dir, 'unet', 'model.onnx'), 'b');
  const changed = await hashModel(dir);
  assert.notEqual(changed, first);
  writeFileSync(path.join(dir, 'unet', 'model.onnx_data'), '');
  assert.notEqual(await hashModel(dir), changed);
  const identity = await modelIdentity(
    testRecipe({ engine: 'diffusion', diffusion: { model: dir } }),
  );
  assert.equal(identity?.id, path.basename(dir));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { locateModel } from '../../../src/core/engines/locateModel';
import { engineDescriptor } from '../../../src/core/engines/registry';
import { hashModel, identifyModel } from '../../../src/core/jobs/modelIdentity';
import { ModelRegistry } from '../../../src/core/models/registry';
import type { Recipe } from '../../../src/shared/recipe';
import { testRecipe } from './helpers/runHelpers';

/** The identity of the model `recipe` names, located as a run locates it. */
async function modelIdentity(
  recipe: Recipe,
  searchPaths: readonly string[],
): Promise<{ id: string; sha256: string } | null> {
  const requirement = engineDescriptor(recipe.engine).model;
  return identifyModel(
    requirement
      ? await locateModel(recipe.engine, requirement, recipe.diffusion.model, searchPaths)
      : undefined,
  );
}

test('the composite engine has no model identity', async () => {
  assert.equal(await modelIdentity(testRecipe(), []), null);
});

test('a catalog id is resolved through the model registry: catalog id + content hash', async () => {
  const cache = mkdtempSync(path.join(tmpdir(), 'mmp-cache-'));
  const elsewhere = mkdtempSync(path.join(tmpdir(), 'mmp-local-'));
  const sdFolder = path.join(elsewhere, 'my-sd15');
  mkdirSync(path.join(sdFolder, 'unet'), { recursive: true });
  writeFileSync(path.join(sdFolder, 'model_index.json'), '{}');
  writeFileSync(path.join(sdFolder, 'unet', 'model.onnx'), 'unet');
  const miganFile = path.join(elsewhere, 'migan.onnx');
  writeFileSync(miganFile, 'migan weights');
  const registry = new ModelRegistry(cache);
  const base = { source: 'download' as const, files: {}, verified: true, addedAt: 'x' };
  await registry.put({
    ...base,
    id: 'sd15',
    kind: 'sd-inpaint-9ch',
    path: sdFolder,
    catalogId: 'sd15-inpainting-onnx-fp16',
  });
  await registry.put({
    ...base,
    id: 'migan-512',
    kind: 'plain-inpainter',
    engine: 'migan',
    path: miganFile,
    catalogId: 'migan-512',
  });

  const diffusion = await modelIdentity(
    testRecipe({ engine: 'diffusion', diffusion: { model: 'sd15' } }),
    [cache],
  );
  assert.deepEqual(diffusion, {
    id: 'sd15-inpainting-onnx-fp16',
    sha256: await hashModel(sdFolder),
  });
  const migan = await modelIdentity(
    testRecipe({ engine: 'migan', diffusion: { model: 'migan-512' } }),
    [cache],
  );
  assert.deepEqual(migan, {
    id: 'migan-512',
    sha256: createHash('sha256').update('migan weights').digest('hex'),
  });
  // No --model: the engine's default (the catalog's registered model) is what is recorded.
  const byDefault = await modelIdentity(testRecipe({ engine: 'migan', diffusion: { model: '' } }), [
    cache,
  ]);
  assert.deepEqual(byDefault, migan);
  await assert.rejects(
    modelIdentity(testRecipe({ engine: 'diffusion', diffusion: { model: 'unknown-id' } }), [cache]),
    /model folder not found: unknown-id/,
  );
});

test('a model file is identified by its name and SHA-256', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mmp-model-'));
  const file = path.join(dir, 'tiny.onnx');
  writeFileSync(file, 'weights');
  const identity = await modelIdentity(
    testRecipe({ engine: 'lama', diffusion: { model: file } }),
    [],
  );
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
    [],
  );
  assert.equal(identity?.id, path.basename(dir));
});

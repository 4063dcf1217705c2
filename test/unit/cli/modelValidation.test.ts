import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { EngineModelError, selectEngine } from '../../../src/core/engines/createEngine';
import type { EngineId } from '../../../src/core/engines/registry';
import { resolveRecipe } from '../../../src/core/recipe/resolveRecipe';

let root: string;

before(() => {
  root = mkdtempSync(path.join(tmpdir(), 'mmp-cli-model-'));
});
after(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A recipe for `engine` with `model` (everything else default). */
function recipeFor(engine: EngineId, model: string): ReturnType<typeof resolveRecipe> {
  return resolveRecipe(undefined, { engine, diffusion: { model } });
}

test('selectEngine: one clear error for each kind of unusable model', async () => {
  const folder = path.join(root, 'some-folder');
  mkdirSync(folder, { recursive: true });
  const notOnnx = path.join(root, 'notes.onnx');
  writeFileSync(notOnnx, 'this is text, not a protobuf');
  const cases: Array<{ engine: EngineId; model: string; message: RegExp }> = [
    { engine: 'diffusion', model: path.join(root, 'missing'), message: /not found/ },
    { engine: 'diffusion', model: folder, message: /missing unet\/model\.onnx/ },
    { engine: 'migan', model: folder, message: /migan engine needs an \.onnx file/ },
    { engine: 'lama', model: path.join(root, 'absent.onnx'), message: /file not found/ },
    { engine: 'migan', model: notOnnx, message: /is not an ONNX model file/ },
  ];
  for (const { engine, model, message } of cases) {
    await assert.rejects(
      selectEngine(recipeFor(engine, model), { modelSearchPaths: [] }),
      (error: unknown) => error instanceof EngineModelError && message.test(error.message),
      `${engine} --model ${model}`,
    );
  }
});

test('selectEngine accepts the composite engine, which needs no model', async () => {
  const selection = await selectEngine(recipeFor('composite', ''));
  assert.equal(selection.descriptor.id, 'composite');
  assert.equal(selection.model, undefined);
});

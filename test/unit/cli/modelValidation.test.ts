import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { EngineModelError, selectEngine } from '../../../src/core/engines/createEngine';
import type { EngineId } from '../../../src/core/engines/registry';
import { resolveRecipe } from '../../../src/core/recipe/resolveRecipe';
import { makeDataset, type TestDataset } from '../jobs/helpers/makeDataset';
import { buildCli, removeCli, runCliProcess } from './cliHarness';

let root: string;
let dataset: TestDataset;

before(async () => {
  await buildCli();
  root = mkdtempSync(path.join(tmpdir(), 'mmp-cli-model-'));
  dataset = await makeDataset(root, { perClass: 1, maskSuffix: '_segmentation' });
});
after(() => {
  removeCli();
  rmSync(root, { recursive: true, force: true });
});

test('augment --engine diffusion --model NOT_A_MODEL: exit 2 listing what is missing, nothing written', async () => {
  const out = path.join(root, 'out-diffusion');
  const result = await runCliProcess([
    'augment',
    ...['--source', dataset.source, '--target', dataset.target, '--out', out],
    ...['--masks', dataset.masks, '--mask-suffix', '_segmentation', '--json'],
    ...['--engine', 'diffusion', '--model', dataset.target],
  ]);
  assert.equal(result.code, 2, result.stderr);
  assert.match(
    result.stderr,
    /Not a usable Stable Diffusion ONNX model folder: .*\n- missing model_index\.json\n[\s\S]*- missing vae_decoder\/model\.onnx/,
  );
  assert.equal(result.stdout, '', 'no job events: nothing was planned');
  assert.equal(existsSync(out), false, 'nothing was written');
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

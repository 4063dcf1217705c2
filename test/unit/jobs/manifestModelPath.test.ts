import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { modelForManifest, modelFromManifest } from '../../../src/core/jobs/manifestModelPath';
import { readManifest, writeManifest } from '../../../src/core/jobs/manifestStore';
import { resolveRecipe } from '../../../src/core/recipe/resolveRecipe';
import type { Manifest } from '../../../src/shared/manifest';
import { freshTempDirs } from '../helpers/tempDir';

const fresh = freshTempDirs('manifest-model');

/** A valid manifest of a diffusion run whose model is `model` (no items needed). */
function diffusionManifest(model: string): Manifest {
  return {
    schemaVersion: 1,
    tool: { name: 'maskmedpaint', version: '0.1.0' },
    createdAt: '2026-01-02T03:04:05.678Z',
    recipe: resolveRecipe('dermoscopy', { engine: 'diffusion', diffusion: { model } }),
    model: { id: 'sd', sha256: 'b'.repeat(64) },
    inputs: {
      source: '../src',
      target: '../target',
      masks: null,
      labels: null,
      counts: {
        sources: 0,
        targets: 0,
        masks: 0,
        skippedNonImages: 0,
        sourcesWithoutMask: 0,
        unmatchedMasks: 0,
      },
    },
    items: [],
  };
}

/** The model reference as it stands in the manifest file. */
function storedModel(manifestPath: string): string {
  const json = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  return json.recipe.diffusion.model;
}

test('a model folder is stored relative to the manifest and resolves back, also after a move', async () => {
  const root = fresh();
  const modelDir = path.join(root, 'models', 'sd-tiny');
  mkdirSync(modelDir, { recursive: true });
  mkdirSync(path.join(root, 'out'));
  const manifestPath = path.join(root, 'out', 'maskmedpaint.json');

  await writeManifest(manifestPath, diffusionManifest(modelDir));
  assert.equal(storedModel(manifestPath), '../models/sd-tiny');
  assert.equal((await readManifest(manifestPath)).recipe.diffusion.model, modelDir);
  assert.equal(resolveRecipe(undefined, {}, manifestPath).diffusion.model, modelDir);

  // The run folder and the model travel together: the manifest still finds the model.
  const moved = path.join(fresh(), 'elsewhere');
  renameSync(root, moved);
  const movedManifest = path.join(moved, 'out', 'maskmedpaint.json');
  const movedModel = path.join(moved, 'models', 'sd-tiny');
  assert.equal((await readManifest(movedManifest)).recipe.diffusion.model, movedModel);
  assert.equal(resolveRecipe(undefined, {}, movedManifest).diffusion.model, movedModel);

  // Read, change, write (a review decision): the stored form stays relative.
  await writeManifest(movedManifest, await readManifest(movedManifest));
  assert.equal(storedModel(movedManifest), '../models/sd-tiny');
});

test('a model inside the output folder is stored as ./path; catalog ids stay ids', async () => {
  const root = fresh();
  assert.equal(modelForManifest(path.join(root, 'm', 'x.onnx'), root), './m/x.onnx');
  assert.equal(modelFromManifest('./m/x.onnx', root), path.join(root, 'm', 'x.onnx'));
  assert.equal(modelForManifest(root, root), '.');
  assert.equal(modelFromManifest('.', root), root);

  const manifestPath = path.join(root, 'maskmedpaint.json');
  await writeManifest(manifestPath, diffusionManifest('sd-2-inpainting-onnx'));
  assert.equal(storedModel(manifestPath), 'sd-2-inpainting-onnx');
  assert.equal((await readManifest(manifestPath)).recipe.diffusion.model, 'sd-2-inpainting-onnx');
  assert.equal(resolveRecipe(undefined, {}, manifestPath).diffusion.model, 'sd-2-inpainting-onnx');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { defaultRecipe } from '../../../src/core/recipe/defaults';
import type { Manifest, ManifestItem } from '../../../src/shared/manifest';
import { readManifest } from '../../../src/core/jobs/manifestStore';
import {
  AUGMENT_CONFIG_FILE,
  buildAugmentConfig,
} from '../../../src/extension/config/augmentConfigContent';
import { buildLoaderSnippet } from '../../../src/extension/config/loaderSnippet';
import { REVIEW_CASES, buildReviewCaseRun, expectedUsable } from '../helpers/reviewCases';
import { freshTempDirs } from '../helpers/tempDir';

const fresh = freshTempDirs('config');

function item(id: string, status: ManifestItem['status']): ManifestItem {
  return {
    id,
    source: `../src/${id}.png`,
    mask: null,
    label: 'benign',
    target: null,
    seed: 1,
    output: `${id}.png`,
    sha256: 'ab',
    status,
    error: null,
  };
}

function manifest(engine: 'composite' | 'diffusion'): Manifest {
  const recipe = {
    ...defaultRecipe(),
    engine,
    preset: 'dermoscopy' as const,
    perImage: 5,
    seed: 3,
  };
  return {
    schemaVersion: 1,
    tool: { name: 'maskmedpaint', version: '0.1.0' },
    createdAt: '2026-01-01T00:00:00.000Z',
    recipe,
    model: engine === 'diffusion' ? { id: 'sd15-derm', sha256: 'cd' } : null,
    inputs: {
      source: '../src',
      target: '../tgt',
      masks: null,
      labels: null,
      counts: {
        sources: 2,
        targets: 1,
        masks: 0,
        skippedNonImages: 0,
        sourcesWithoutMask: 2,
        unmatchedMasks: 0,
      },
    },
    items: [
      item('a', 'approved'),
      item('b', 'rejected'),
      item('c', 'pending'),
      item('d', 'approved'),
    ],
  };
}

test('points at the manifest and csv relative to the training file, with counts', () => {
  const root = path.resolve('/ws');
  const config = buildAugmentConfig(
    manifest('composite'),
    path.join(root, 'data', 'out', 'maskmedpaint.json'),
    path.join(root, 'training', 'train.py'),
    true,
  );
  assert.equal(config.manifest, '../data/out/maskmedpaint.json');
  assert.equal(config.csv, '../data/out/augmented.csv');
  assert.equal(config.trainingFile, 'train.py');
  assert.equal(config.requireReview, true);
  assert.deepEqual(config.counts, {
    items: 4,
    usable: 2,
    approved: 2,
    rejected: 1,
    pending: 1,
    failed: 0,
  });
  assert.deepEqual(config.recipe, {
    engine: 'composite',
    preset: 'dermoscopy',
    perImage: 5,
    seed: 3,
    model: null,
    prompt: null,
    strength: null,
  });
});

test('a model run records the model and prompt', () => {
  const m = manifest('diffusion');
  const config = buildAugmentConfig(m, '/ws/out/maskmedpaint.json', '/ws/out/nb.ipynb', false);
  assert.equal(config.manifest, 'maskmedpaint.json');
  assert.equal(config.recipe.model, 'sd15-derm');
  assert.equal(config.recipe.prompt, m.recipe.diffusion.prompt);
});

for (const requireReview of [true, false]) {
  test(`the config counts what its loaders give from the shared review fixture (requireReview: ${String(requireReview)})`, async () => {
    const root = fresh();
    // The run's own policy is the opposite: the config's choice is what counts.
    const manifestPath = await buildReviewCaseRun(root, !requireReview);
    const manifest = await readManifest(manifestPath);
    const config = buildAugmentConfig(
      manifest,
      manifestPath,
      path.join(root, 'train.py'),
      requireReview,
    );
    assert.equal(config.requireReview, requireReview);
    assert.equal(config.counts.usable, expectedUsable(requireReview).length);
    assert.equal(config.counts.items, REVIEW_CASES.items.length);
    const statuses = Object.values(REVIEW_CASES.expected.statuses);
    for (const status of ['approved', 'pending', 'rejected', 'failed'] as const)
      assert.equal(config.counts[status], statuses.filter((s) => s === status).length, status);
  });
}

test('the snippet reads the config file by its real name and passes the review policy to both loaders', () => {
  const snippet = buildLoaderSnippet();
  assert.ok(snippet.includes(`"${AUGMENT_CONFIG_FILE}"`));
  assert.ok(snippet.includes('AugmentedDataset(\n        MANIFEST, require_review=REQUIRE_REVIEW'));
  assert.ok(snippet.includes('.maskmedpaint-decisions.jsonl'));
  assert.ok(snippet.includes('warnings.warn('));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { defaultRecipe } from '../../../src/core/recipe/defaults';
import { PRESET_IDS } from '../../../src/core/recipe/presets';
import { RecipeError, resolveRecipe, validateRecipe } from '../../../src/core/recipe/resolveRecipe';
import { renderPrompt } from '../../../src/core/recipe/templates';

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof RecipeError, `expected RecipeError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail('expected a RecipeError');
}

test('every preset resolves to a valid recipe that names itself', () => {
  for (const id of PRESET_IDS) {
    const recipe = resolveRecipe(id);
    assert.equal(recipe.preset, id);
    assert.doesNotThrow(() => validateRecipe(recipe));
  }
});

test("presets carry the authors' settings (docs/method.md section 3)", () => {
  const dermoscopy = resolveRecipe('dermoscopy');
  assert.equal(dermoscopy.diffusion.strength, 0.5);
  assert.equal(dermoscopy.diffusion.guidanceScale, 7.5);
  assert.equal(dermoscopy.perImage, 5);
  assert.equal(dermoscopy.mask.blurFactor, 33);
  assert.equal(dermoscopy.diffusion.initFromTargetComposite, true);
  const cameraTrap = resolveRecipe('cameraTrap');
  assert.equal(cameraTrap.diffusion.guidanceScale, 20);
  assert.equal(cameraTrap.diffusion.strength, 0.9);
  assert.equal(cameraTrap.perImage, 1);
  assert.ok(cameraTrap.mask.marginPx > 0, 'camera-trap masks are dilated');
  assert.equal(resolveRecipe('natural').diffusion.guidanceScale, 15);
  assert.equal(
    resolveRecipe('chestXray').diffusion.prompt,
    'a radiograph from dataset {target} with conditions {labels}',
  );
});

test('layers apply in order: preset < recipe file < overrides', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mmp-recipe-'));
  const file = path.join(dir, 'recipe.json');
  writeFileSync(file, JSON.stringify({ perImage: 3, seed: 7, mask: { featherPx: 9 } }));
  const recipe = resolveRecipe('dermoscopy', { seed: 11 }, file);
  assert.equal(recipe.perImage, 3, 'file beats preset');
  assert.equal(recipe.seed, 11, 'override beats file');
  assert.equal(recipe.mask.featherPx, 9);
  assert.equal(recipe.mask.blurFactor, 33, 'untouched preset values stay');
});

test('a manifest can be used as a recipe file (reproduce an earlier run)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mmp-recipe-'));
  const file = path.join(dir, 'maskmedpaint.json');
  const earlier = { ...resolveRecipe('cameraTrap'), seed: 42 };
  writeFileSync(file, JSON.stringify({ schemaVersion: 1, recipe: earlier }));
  assert.deepEqual(resolveRecipe(undefined, {}, file), earlier);
});

test('invalid values are reported with their JSON path', () => {
  const problems = problemsOf(() =>
    resolveRecipe('custom', {
      perImage: 0,
      mask: { featherPx: -1 },
      composite: { blend: 'smudge' as 'alpha' },
    }),
  );
  assert.ok(
    problems.some((p) => p.startsWith('/perImage:') && p.includes('>= 1')),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.startsWith('/mask/featherPx:')),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.startsWith('/composite/blend:') && p.includes('"poisson"')),
    problems.join('\n'),
  );
});

test('unknown properties, unknown presets and unknown placeholders are named', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mmp-recipe-'));
  const file = path.join(dir, 'recipe.json');
  writeFileSync(file, JSON.stringify({ mask: { feather: 3 } }));
  assert.deepEqual(
    problemsOf(() => resolveRecipe('custom', {}, file)),
    ['/mask: unknown property "feather"'],
  );
  assert.match(
    problemsOf(() => resolveRecipe('dermatology'))[0] ?? '',
    /unknown preset "dermatology"/,
  );
  const prompt = problemsOf(() =>
    resolveRecipe('custom', { diffusion: { prompt: 'a {klass} photo' } }),
  );
  assert.match(prompt[0] ?? '', /^\/diffusion\/prompt: unknown placeholder \{klass\}/);
});

test('a recipe file that is not JSON gives a clear error naming the file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mmp-recipe-'));
  const file = path.join(dir, 'broken.json');
  writeFileSync(file, '{ perImage: 2 ');
  assert.throws(
    () => resolveRecipe('custom', {}, file),
    (error: unknown) => {
      assert.ok(error instanceof RecipeError);
      assert.equal(error.origin, file);
      assert.match(error.problems[0] ?? '', /cannot read JSON/);
      return true;
    },
  );
});

test('the default recipe is valid and returned as a fresh copy', () => {
  const a = defaultRecipe();
  a.mask.perClass.empty = 'empty';
  assert.deepEqual(defaultRecipe().mask.perClass, {});
  assert.doesNotThrow(() => validateRecipe(defaultRecipe()));
});

test('prompt templates fill class, target and labels', () => {
  assert.equal(
    renderPrompt('a dermoscopic image of {class}-target skin lesion', {
      label: 'malignant',
      target: 'x',
    }),
    'a dermoscopic image of malignant-target skin lesion',
  );
  assert.equal(
    renderPrompt('a radiograph from dataset {target} with conditions {labels}', {
      label: 'Edema|Effusion',
      target: 'CheXpert',
    }),
    'a radiograph from dataset CheXpert with conditions Edema, Effusion',
  );
});

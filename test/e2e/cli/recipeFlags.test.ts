// The recipe flags through the real CLI: they win over preset and recipe file, and reach the manifest.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Recipe } from '../../../src/shared/recipe';
import { makeDataset, type TestDataset } from '../../unit/jobs/helpers/makeDataset';
import { buildCli, removeCli, runCliProcess } from '../helpers/cliHarness';

let root: string;
let dataset: TestDataset;

before(async () => {
  await buildCli();
  root = mkdtempSync(path.join(tmpdir(), 'mmp-cli-flags-'));
  dataset = await makeDataset(root, { perClass: 1, maskSuffix: '_segmentation' });
});
after(() => {
  removeCli();
  rmSync(root, { recursive: true, force: true });
});

const inputArgs = (out: string): string[] => [
  'augment',
  ...['--source', dataset.source, '--target', dataset.target, '--out', out],
  ...['--masks', dataset.masks, '--mask-suffix', '_segmentation', '--blend', 'alpha'],
];

test('recipe flags win over the preset and the --recipe file and are recorded in the manifest', async () => {
  // The file sets every value the flags then change, so each flag must win over it.
  const recipeFile = path.join(root, 'recipe.json');
  writeFileSync(
    recipeFile,
    JSON.stringify({
      mask: { threshold: 200, blurFactor: 9, perClass: { benign: 'whole' } },
      composite: { harmonize: true },
      diffusion: {
        prompt: 'from file',
        negativePrompt: 'from file',
        strength: 0.3,
        guidanceScale: 3,
        steps: 7,
        scheduler: 'pndm',
        executionProvider: 'cuda',
        pasteBack: true,
      },
    }),
  );
  const out = path.join(root, 'out');
  const result = await runCliProcess([
    ...inputArgs(out),
    ...['--preset', 'dermoscopy', '--recipe', recipeFile],
    ...['--prompt', 'a {class} lesion on {target} skin', '--negative-prompt', 'blurry'],
    ...['--strength', '0.75', '--guidance', '12.5', '--steps', '20', '--scheduler', 'ddim'],
    ...['--provider', 'cpu', '--no-paste-back', '--mask-threshold', 'nonzero', '--blur', '1.5'],
    ...['--per-class', 'benign=empty', '--per-class', 'malignant=whole', '--no-harmonize'],
    '--no-fill-target',
    '--json',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const { recipe } = JSON.parse(readFileSync(path.join(out, 'maskmedpaint.json'), 'utf8')) as {
    recipe: Recipe;
  };
  assert.equal(recipe.preset, 'dermoscopy');
  assert.deepEqual(
    { ...recipe.mask, marginPx: 0, featherPx: 0 },
    {
      threshold: 'nonzero',
      marginPx: 0,
      blurFactor: 1.5,
      featherPx: 0,
      blendSide: 'inside',
      perClass: { benign: 'empty', malignant: 'whole' },
    },
  );
  assert.equal(recipe.composite.harmonize, false);
  assert.equal(recipe.composite.fillTargetKeyRegion, false);
  const { prompt, negativePrompt, strength, guidanceScale, steps, scheduler } = recipe.diffusion;
  assert.deepEqual(
    { prompt, negativePrompt, strength, guidanceScale, steps, scheduler },
    {
      prompt: 'a {class} lesion on {target} skin',
      negativePrompt: 'blurry',
      strength: 0.75,
      guidanceScale: 12.5,
      steps: 20,
      scheduler: 'ddim',
    },
  );
  assert.equal(recipe.diffusion.executionProvider, 'cpu');
  assert.equal(recipe.diffusion.pasteBack, false);
});

test('a prompt placeholder typo and a --per-class class the source lacks are exit 2', async () => {
  const results = await Promise.all([
    runCliProcess([...inputArgs(path.join(root, 'p')), '--prompt', 'a {klass} photo']),
    runCliProcess([...inputArgs(path.join(root, 'q')), '--per-class', 'benigm=empty']),
  ]);
  assert.equal(results[0]?.code, 2, results[0]?.stderr);
  assert.match(results[0]?.stderr ?? '', /\/diffusion\/prompt: unknown placeholder \{klass\}/);
  assert.equal(results[1]?.code, 2, results[1]?.stderr);
  assert.match(
    results[1]?.stderr ?? '',
    /--per-class: no class "benigm" in .* \(classes: benign, malignant\)/,
  );
});

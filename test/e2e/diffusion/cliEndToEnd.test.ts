import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { JobEvent } from '../../../src/shared/jobEvents';
import { buildCli, removeCli, runCliProcess } from '../helpers/cliHarness';
import { makeDataset, type TestDataset } from '../../unit/jobs/helpers/makeDataset';
import { hashModel } from '../../../src/core/jobs/modelIdentity';
import { modelDir } from '../../unit/diffusion/sdFixtures';

let root: string;
let dataset: TestDataset;

before(async () => {
  await buildCli();
  root = mkdtempSync(path.join(tmpdir(), 'mmp-cli-diffusion-'));
  dataset = await makeDataset(root, { perClass: 1, maskSuffix: '_segmentation' });
});
after(() => {
  removeCli();
  rmSync(root, { recursive: true, force: true });
});

test('maskmedpaint augment --engine diffusion --model DIR runs the tiny model end to end', async () => {
  const recipe = path.join(root, 'recipe.json');
  const diffusion = {
    steps: 3,
    strength: 1,
    scheduler: 'ddim',
    resolution: 'model',
    executionProvider: 'cpu',
  };
  writeFileSync(recipe, JSON.stringify({ diffusion }));
  const out = path.join(root, 'out');
  const result = await runCliProcess([
    'augment',
    '--source',
    dataset.source,
    '--target',
    dataset.target,
    '--masks',
    dataset.masks,
    '--mask-suffix',
    '_segmentation',
    '--out',
    out,
    '--engine',
    'diffusion',
    '--model',
    modelDir('optimum-9ch'),
    '--recipe',
    recipe,
    '--json',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const events = result.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as JobEvent);
  const finished = events.at(-1);
  assert.ok(
    finished && finished.type === 'finished' && finished.failed === 0 && finished.done > 0,
    result.stdout,
  );
  const manifest = JSON.parse(readFileSync(path.join(out, 'maskmedpaint.json'), 'utf8')) as {
    model: { id: string; sha256: string } | null;
  };
  assert.deepEqual(
    manifest.model,
    { id: 'optimum-9ch', sha256: await hashModel(modelDir('optimum-9ch')) },
    'a diffusion run records the model it used',
  );
  const written = readdirSync(path.join(out, 'images'), { recursive: true }).filter((f) =>
    String(f).endsWith('.png'),
  );
  assert.equal(written.length, finished.done);
});

test('a folder that is not a model fails with the clear model-folder error', async () => {
  const result = await runCliProcess([
    'augment',
    '--source',
    dataset.source,
    '--target',
    dataset.target,
    '--masks',
    dataset.masks,
    '--mask-suffix',
    '_segmentation',
    '--out',
    path.join(root, 'out-broken'),
    '--engine',
    'diffusion',
    '--model',
    dataset.target,
    '--json',
  ]);
  assert.equal(result.code, 2, 'exit 2: a configuration error, checked before any item runs');
  assert.equal(result.stdout, '', 'nothing planned or run');
  assert.match(
    result.stdout + result.stderr,
    /Not a usable Stable Diffusion ONNX model folder[\s\S]*missing unet\/model.onnx/,
  );
});

/** `augment` on the tiny model with extra flags; nothing else differs between the refusals below. */
function augmentArgs(out: string, extra: string[]): string[] {
  return [
    'augment',
    '--source',
    dataset.source,
    '--target',
    dataset.target,
    '--masks',
    dataset.masks,
    '--mask-suffix',
    '_segmentation',
    '--out',
    path.join(root, out),
    '--engine',
    'diffusion',
    '--model',
    modelDir('optimum-4ch'),
    '--json',
    ...extra,
  ];
}

test('a strength that leaves no denoising step is refused before the run (exit 2), not per item', async () => {
  const result = await runCliProcess(
    augmentArgs('out-strength', ['--steps', '4', '--strength', '0.2']),
  );
  assert.equal(result.code, 2, result.stderr);
  assert.equal(result.stdout, '', 'no item was started');
  assert.match(result.stderr, /leaves no denoising step[\s\S]*--strength to at least 0\.25/);
});

test('a source too large for the memory budget is refused before the run (exit 2)', async () => {
  const recipe = path.join(root, 'source-size.json');
  writeFileSync(recipe, JSON.stringify({ diffusion: { resolution: 'source' } }));
  // Half a MiB: less than the tiny model's graphs alone.
  process.env.MASKMEDPAINT_MEMORY_LIMIT_MB = '0.5';
  try {
    const result = await runCliProcess(augmentArgs('out-memory', ['--recipe', recipe]));
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stdout, '', 'no item was started');
    assert.match(result.stderr, /would be processed at 32x32 px, which needs about/);
  } finally {
    delete process.env.MASKMEDPAINT_MEMORY_LIMIT_MB;
  }
});

test('augment generates with the prompt the model records it was trained with, and the manifest says so', async () => {
  const model = path.join(root, 'trained-model');
  cpSync(modelDir('optimum-4ch'), model, { recursive: true });
  const inference = 'a dermoscopic image of {class}-hospital skin lesion';
  writeFileSync(
    path.join(model, 'maskmedpaint_model.json'),
    JSON.stringify({ prompts: { stage: 'target-dreambooth', preset: 'dermoscopy', inference } }),
  );
  const args = augmentArgs('out-trained', ['--steps', '2', '--preset', 'custom']);
  args[args.indexOf('--model') + 1] = model;
  const result = await runCliProcess(args);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /prompt from the model's training \(target-dreambooth/);
  const manifest = JSON.parse(
    readFileSync(path.join(root, 'out-trained', 'maskmedpaint.json'), 'utf8'),
  ) as { recipe: { diffusion: { prompt: string; promptSource?: string } } };
  assert.equal(manifest.recipe.diffusion.prompt, inference);
  assert.equal(manifest.recipe.diffusion.promptSource, 'model');
});

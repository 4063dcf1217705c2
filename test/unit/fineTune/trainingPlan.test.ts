import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  exportedModelFolder,
  planFineTune,
  resolutionProblem,
  type FineTuneChoices,
} from '../../../src/extension/fineTune/trainingPlan';

const base: FineTuneChoices = {
  sourceFolder: '/data/isic/train',
  targetFolder: '/data/target',
  baseModel: 'stable-diffusion-v1-5/stable-diffusion-v1-5',
  outputFolder: '/runs/ft',
  preset: 'dermoscopy',
  maxSteps: undefined,
  resolution: undefined,
  resume: false,
};

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index < 0 ? undefined : args[index + 1];
}

test('two stages chain stage 1 final into stage 2, then export that', () => {
  const stages = planFineTune(base);
  assert.deepEqual(
    stages.map((s) => s.args[0]),
    ['source-finetune', 'target-dreambooth', 'export'],
  );
  const [one, two, exported] = stages;
  assert.equal(option(one.args, '--images'), '/data/isic/train');
  assert.equal(option(one.args, '--base-model'), base.baseModel);
  assert.equal(option(two.args, '--base-model'), path.join('/runs/ft', 'stage1', 'final'));
  assert.equal(option(two.args, '--images'), '/data/target');
  // Only stage 2's UNet is kept, swapped into the base pipeline (docs/method.md section 4).
  assert.equal(option(exported.args, '--model'), base.baseModel);
  assert.equal(option(exported.args, '--unet'), path.join('/runs/ft', 'stage2', 'final'));
  assert.equal(option(exported.args, '--output'), exportedModelFolder(base));
  // Method defaults are left to the toolkit unless the user set steps or a resolution.
  assert.equal(option(two.args, '--max-steps'), undefined);
  assert.equal(option(two.args, '--resolution'), undefined);
  assert.equal(option(two.args, '--resume'), undefined);
});

test('target only starts stage 2 from the base model; steps and resume pass through', () => {
  const stages = planFineTune({ ...base, sourceFolder: undefined, maxSteps: 300, resume: true });
  assert.deepEqual(
    stages.map((s) => s.args[0]),
    ['target-dreambooth', 'export'],
  );
  assert.equal(option(stages[0].args, '--base-model'), base.baseModel);
  assert.equal(option(stages[0].args, '--max-steps'), '300');
  assert.equal(option(stages[0].args, '--resume'), 'latest');
  assert.equal(option(stages[0].args, '--preset'), 'dermoscopy');
});

test('a chosen resolution reaches both training stages but not the export', () => {
  const stages = planFineTune({ ...base, resolution: 256 });
  assert.deepEqual(
    stages.map((s) => option(s.args, '--resolution')),
    ['256', '256', undefined],
  );
});

test('the resolution answer must be empty or a positive multiple of 8', () => {
  for (const accepted of ['', '  ', '64', '256', ' 512 ']) {
    assert.equal(resolutionProblem(accepted), undefined, accepted);
  }
  for (const refused of ['0', '-64', '64.5', 'abc', '08']) {
    assert.match(resolutionProblem(refused) ?? '', /whole number/, refused);
  }
  assert.equal(
    resolutionProblem('250'),
    '250 is not a multiple of 8 (the VAE downsamples by 8): try 248',
  );
  assert.match(resolutionProblem('4') ?? '', /try 8$/);
});

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  exportedModelFolder,
  planFineTune,
  resolutionProblem,
  type FineTuneChoices,
  type PlannedStage,
} from '../../../src/extension/fineTune/trainingPlan';
import { trainingArguments } from '../../../src/shared/trainingRequest';

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

/** The value of `--name=value` in a stage's command line (undefined when absent). */
function option(stage: PlannedStage | undefined, name: string): string | undefined {
  const args = stage ? trainingArguments(stage.request) : [];
  return args.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
}

test('two stages chain stage 1 final into stage 2, then export that', () => {
  const stages = planFineTune(base);
  assert.deepEqual(
    stages.map((s) => s.request.command),
    ['source-finetune', 'target-dreambooth', 'export'],
  );
  const [one, two, exported] = stages;
  assert.equal(option(one, '--images'), '/data/isic/train');
  assert.equal(option(one, '--base-model'), base.baseModel);
  assert.equal(option(two, '--base-model'), path.join('/runs/ft', 'stage1', 'final'));
  assert.equal(option(two, '--images'), '/data/target');
  // Only stage 2's UNet is kept, swapped into the base pipeline (docs/method.md section 4).
  assert.equal(option(exported, '--model'), base.baseModel);
  assert.equal(option(exported, '--unet'), path.join('/runs/ft', 'stage2', 'final'));
  assert.equal(option(exported, '--output'), exportedModelFolder(base));
  // Method defaults are left to the toolkit unless the user set steps or a resolution.
  assert.equal(option(two, '--max-steps'), undefined);
  assert.equal(option(two, '--resolution'), undefined);
  assert.equal(option(two, '--resume'), undefined);
});

test('target only starts stage 2 from the base model; steps and resume pass through', () => {
  const stages = planFineTune({ ...base, sourceFolder: undefined, maxSteps: 300, resume: true });
  assert.deepEqual(
    stages.map((s) => s.request.command),
    ['target-dreambooth', 'export'],
  );
  assert.equal(option(stages[0], '--base-model'), base.baseModel);
  assert.equal(option(stages[0], '--max-steps'), '300');
  assert.equal(option(stages[0], '--resume'), 'latest');
  assert.equal(option(stages[0], '--preset'), 'dermoscopy');
});

test('a chosen resolution reaches both training stages but not the export', () => {
  const stages = planFineTune({ ...base, resolution: 256 });
  assert.deepEqual(
    stages.map((s) => option(s, '--resolution')),
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

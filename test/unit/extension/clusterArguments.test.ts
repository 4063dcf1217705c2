import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  parseWrittenPlan,
  planRequest,
  submitCommand,
} from '../../../src/extension/cluster/clusterArguments';
import { augmentRequest } from '../../../src/extension/inpaint/inpaintOptions';

const wizardRun = augmentRequest(
  '/data/source',
  '/data/out',
  {
    target: '/data/target',
    masks: { kind: 'folder', folder: '/data/masks', suffix: '_segmentation' },
    preset: 'dermoscopy',
    targetMasks: { kind: 'none' },
    engine: 'diffusion',
    model: '/models/sd',
    perImage: 5,
    seed: 7,
    mode: 'cluster',
  },
  { executionProvider: 'cuda', requireReview: true },
);

test("the wizard's run becomes a plan of the same inputs and recipe, with the cluster choice", () => {
  const { command: _command, ...run } = wizardRun;
  assert.deepEqual(planRequest(wizardRun, { shards: 16, scheduler: 'slurm', partition: 'gpu' }), {
    command: 'plan',
    run,
    shards: 16,
    slurm: { partition: 'gpu' },
  });
  // A preview's limit and the folder wait are not part of a plan; Ray needs no Slurm scripts.
  assert.deepEqual(
    planRequest({ ...wizardRun, limit: 4, waitSeconds: 9 }, { shards: 2, scheduler: 'ray' }),
    { command: 'plan', run, shards: 2 },
  );
});

test('the next step is submit.sh on Slurm, the Ray runner with this CLI otherwise', () => {
  const written = parseWrittenPlan(
    'note: something on stdout first\n' +
      JSON.stringify({
        planPath: '/data/out-plan/maskmedpaint-plan.json',
        planDir: '/data/out-plan',
        out: '/data/out',
        shards: 16,
        items: 80,
        submitScript: '/data/out-plan/slurm/submit.sh',
      }),
  );
  assert.equal(
    submitCommand(written, { shards: 16, scheduler: 'slurm' }, '/ext/dist/cli.js'),
    'bash /data/out-plan/slurm/submit.sh',
  );
  // The Ray command survives the shell twice: once as typed, once inside --cli.
  const words = (command: string): string[] =>
    execFileSync('bash', ['-c', `set -- ${command}; printf '%s\\n' "$@"`], { encoding: 'utf8' })
      .trimEnd()
      .split('\n');
  const cli = "/Users/o'neil/ext/dist/cli.js";
  const ray = words(submitCommand(written, { shards: 16, scheduler: 'ray' }, cli));
  assert.deepEqual(ray.slice(0, 5), [
    'python',
    '-m',
    'maskmedpaint.ray_shards',
    '--plan',
    '/data/out-plan/maskmedpaint-plan.json',
  ]);
  assert.equal(ray[5], '--cli');
  assert.deepEqual(words(ray[6] ?? ''), ['node', cli]);
  assert.throws(() => parseWrittenPlan('{"nope":1}'), /unexpected output of maskmedpaint plan/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  parseWrittenPlan,
  planArguments,
  submitCommand,
} from '../../../src/extension/cluster/clusterArguments';
import { augmentArguments } from '../../../src/extension/inpaint/inpaintOptions';

const wizardRun = augmentArguments(
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
  '/tmp/recipe.json',
);

test("the wizard's run becomes a plan of the same inputs and recipe, with the cluster choice", () => {
  assert.deepEqual(
    planArguments(wizardRun, { shards: 16, scheduler: 'slurm', partition: 'gpu' }),
    [
      'plan',
      '--source', '/data/source',
      '--target', '/data/target',
      '--out', '/data/out',
      '--masks', '/data/masks',
      '--mask-suffix', '_segmentation',
      '--no-fill-target',
      '--preset', 'dermoscopy',
      '--recipe', '/tmp/recipe.json',
      '--engine', 'diffusion',
      '--per-image', '5',
      '--seed', '7',
      '--require-review',
      '--shards', '16',
      '--slurm',
      '--partition', 'gpu',
      '--json',
    ],
  ); // prettier-ignore
  const ray = planArguments([...wizardRun, '--limit', '4', '--wait', '9'], {
    shards: 2,
    scheduler: 'ray',
  });
  assert.deepEqual(ray.slice(-3), ['--shards', '2', '--json']);
  assert.equal(ray.includes('--limit') || ray.includes('--wait') || ray.includes('--slurm'), false);
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

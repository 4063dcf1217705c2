// The extension -> CLI boundary round trip: every kind of CliRequest, turned into arguments by
// cliArguments (the only place that builds them), is parsed back by the CLI's own commander
// program into the same options, and for `augment` into the same recipe.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Command } from 'commander';
import { augmentInputs, type AugmentFlags } from '../../../src/cli/commands/augment';
import { createProgram } from '../../../src/cli/program';
import { resolveRecipe } from '../../../src/core/recipe/resolveRecipe';
import {
  cliArguments,
  type AugmentCliRequest,
  type CliRequest,
} from '../../../src/shared/cliRequest';

/** What a command's action received: its operands and its options. */
interface Parsed {
  operands: unknown[];
  flags: Record<string, unknown>;
}

/** Parses `args` with the CLI's program, the command's action replaced by a recorder. */
async function parse(args: string[]): Promise<Parsed> {
  const program = createProgram();
  let command: Command | undefined = program.commands.find((c) => c.name() === args[0]);
  // `models` and `gpu` hold subcommands.
  if (command?.name() === 'models' || command?.name() === 'gpu')
    command = command.commands.find((c) => c.name() === args[1]);
  assert.ok(command, `no command for ${args.join(' ')}`);
  let parsed: Parsed | undefined;
  command.action((...received: unknown[]) => {
    // commander passes the operands, then the options object, then the command itself.
    const flags = received[received.length - 2] as Record<string, unknown>;
    parsed = { operands: received.slice(0, -2), flags };
  });
  await program.parseAsync(['node', 'maskmedpaint', ...args]);
  assert.ok(parsed, 'the action ran');
  return parsed;
}

const augment: AugmentCliRequest = {
  command: 'augment',
  // Paths and values that start with a dash or hold spaces and "=" are still values.
  source: '-odd source/with=equals',
  target: '/data/target domain',
  out: '/runs/out',
  labels: '/storage/selection labels.csv',
  masks: { folder: '/data/masks', suffix: '_segmentation' },
  targetMasks: { kind: 'folder', folder: '/data/target-masks' },
  preset: 'dermoscopy',
  engine: 'diffusion',
  model: 'sd15-inpainting-onnx',
  perImage: 3,
  seed: 4294967295,
  executionProvider: 'webgpu',
  limit: 4,
  requireReview: false,
  waitSeconds: 120,
};

describe('augment requests parse back into the same inputs and recipe', () => {
  it('every field', async () => {
    const { flags } = await parse(cliArguments(augment));
    const inputs = augmentInputs(flags as unknown as AugmentFlags);
    assert.equal(inputs.source, augment.source);
    assert.equal(inputs.target, augment.target);
    assert.equal(inputs.out, augment.out);
    assert.equal(inputs.labels, augment.labels);
    assert.equal(inputs.masks, augment.masks?.folder);
    assert.equal(inputs.maskSuffix, augment.masks?.suffix);
    assert.equal(inputs.targetMasks, '/data/target-masks');
    assert.equal(inputs.limit, augment.limit);
    assert.equal(inputs.requireReview, false);
    assert.equal(inputs.waitForFolderSeconds, 120);
    assert.equal(inputs.json, true);
    assert.equal(inputs.recipeFile, undefined, 'no recipe file: every value is a flag');
    const recipe = resolveRecipe(inputs.preset, inputs.overrides, inputs.recipeFile);
    assert.equal(recipe.preset, augment.preset);
    assert.equal(recipe.engine, augment.engine);
    assert.equal(recipe.perImage, augment.perImage);
    assert.equal(recipe.seed, augment.seed);
    assert.equal(recipe.diffusion.executionProvider, augment.executionProvider);
    assert.equal(recipe.diffusion.model, augment.model);
    assert.equal(recipe.composite.fillTargetKeyRegion, true, "the dermoscopy preset's own");
  });

  it('the smallest request, and "no target masks"', async () => {
    const {
      labels: _labels,
      masks: _masks,
      targetMasks: _t,
      model: _m,
      limit: _l,
      waitSeconds: _w,
      ...rest
    } = augment;
    const request: AugmentCliRequest = {
      ...rest,
      engine: 'composite',
      requireReview: true,
      targetMasks: { kind: 'none' },
    };
    const inputs = augmentInputs(
      (await parse(cliArguments(request))).flags as unknown as AugmentFlags,
    );
    assert.equal(inputs.masks, undefined);
    assert.equal(inputs.targetMasks, undefined);
    assert.equal(inputs.limit, undefined);
    assert.equal(inputs.waitForFolderSeconds, undefined);
    assert.equal(inputs.requireReview, true);
    const recipe = resolveRecipe(inputs.preset, inputs.overrides);
    assert.equal(recipe.engine, 'composite');
    assert.equal(recipe.composite.fillTargetKeyRegion, false);
  });
});

describe('the other requests parse back into the same operands and options', () => {
  it('rerun', async () => {
    const request = {
      command: 'rerun',
      manifest: '/runs/out/maskmedpaint.json',
      itemId: '-lesion 1__0',
      mask: '/tmp/edited mask.png',
      waitSeconds: 120,
    } as const;
    const { operands, flags } = await parse(cliArguments(request));
    assert.deepEqual(operands, [request.manifest, request.itemId]);
    assert.deepEqual(flags, { mask: request.mask, wait: 120, json: true });
  });

  it('review', async () => {
    const request = {
      command: 'review',
      run: '/runs/out',
      approve: ['a__0', '-b__1'],
      reject: ['c__0'],
      reset: ['d__0'],
      note: '--looks=fine',
      list: 'approved',
    } as const;
    const { operands, flags } = await parse(cliArguments(request));
    assert.deepEqual(operands, [request.run]);
    assert.deepEqual(flags, {
      approve: [...request.approve],
      reject: [...request.reject],
      reset: [...request.reset],
      note: request.note,
      list: request.list,
    });
    assert.deepEqual((await parse(cliArguments({ command: 'review', run: '/r' }))).flags, {});
  });

  it('models check', async () => {
    const request = {
      command: 'modelsCheck',
      model: '/models/sd 15',
      provider: 'cuda',
      cacheDir: '/cache/models',
    } as const;
    const { operands, flags } = await parse(cliArguments(request));
    assert.deepEqual(operands, [request.model]);
    assert.deepEqual(flags, { provider: 'cuda', cache: '/cache/models', json: true });
  });

  it('gpu status', async () => {
    const { operands, flags } = await parse(cliArguments({ command: 'gpuStatus' }));
    assert.deepEqual({ operands, flags }, { operands: [], flags: { json: true } });
  });

  it('gpu install: the plan, and the install without asking, through a proxy', async () => {
    const proxy = 'http://proxy.example:3128';
    const plan = await parse(cliArguments({ command: 'gpuInstall', planOnly: true, proxy }));
    assert.deepEqual(plan.flags, { plan: true, json: true, proxy });
    const install = await parse(cliArguments({ command: 'gpuInstall', planOnly: false }));
    assert.deepEqual(install.flags, { yes: true, json: true });
  });

  it('covers every kind of request', () => {
    // A Record over the union: a new request kind fails to compile until it is listed (and tested).
    const tested: Record<CliRequest['command'], true> = {
      augment: true,
      rerun: true,
      review: true,
      modelsCheck: true,
      gpuStatus: true,
      gpuInstall: true,
      plan: true,
      merge: true,
    };
    assert.equal(Object.keys(tested).length, 8);
  });
});

describe('cluster requests parse back into the same plan and merge options', () => {
  const { command: _command, limit: _limit, waitSeconds: _wait, ...run } = augment;

  it('plan: the run as augment reads it, the shards and the Slurm choice', async () => {
    const request: CliRequest = {
      command: 'plan',
      run,
      shards: 16,
      slurm: { partition: '-gpu queue', time: '4:00:00' },
    };
    const { flags } = await parse(cliArguments(request));
    const inputs = augmentInputs(flags as unknown as AugmentFlags);
    assert.equal(inputs.source, run.source);
    assert.equal(inputs.target, run.target);
    assert.equal(inputs.out, run.out);
    assert.equal(inputs.masks, run.masks?.folder);
    assert.equal(inputs.maskSuffix, run.masks?.suffix);
    assert.equal(inputs.targetMasks, '/data/target-masks');
    assert.equal(inputs.requireReview, false);
    assert.equal(inputs.limit, undefined);
    assert.equal(inputs.recipeFile, undefined, 'no recipe file: every value is a flag');
    const recipe = resolveRecipe(inputs.preset, inputs.overrides, inputs.recipeFile);
    assert.equal(recipe.preset, run.preset);
    assert.equal(recipe.engine, run.engine);
    assert.equal(recipe.perImage, run.perImage);
    assert.equal(recipe.seed, run.seed);
    assert.equal(recipe.diffusion.executionProvider, run.executionProvider);
    assert.equal(recipe.diffusion.model, run.model);
    assert.deepEqual(
      {
        shards: flags.shards,
        slurm: flags.slurm,
        partition: flags.partition,
        time: flags.time,
        json: flags.json,
      },
      { shards: 16, slurm: true, partition: '-gpu queue', time: '4:00:00', json: true },
    );
  });

  it('plan for Ray: no Slurm scripts asked for', async () => {
    const { flags } = await parse(cliArguments({ command: 'plan', run, shards: 2 }));
    assert.deepEqual(
      { shards: flags.shards, slurm: flags.slurm, partition: flags.partition, json: flags.json },
      { shards: 2, slurm: undefined, partition: undefined, json: true },
    );
  });

  it('merge', async () => {
    const { flags } = await parse(cliArguments({ command: 'merge', plan: '-plans/p p.json' }));
    assert.deepEqual(
      { plan: flags.plan, out: flags.out, json: flags.json },
      {
        plan: '-plans/p p.json',
        out: undefined,
        json: true,
      },
    );
  });
});

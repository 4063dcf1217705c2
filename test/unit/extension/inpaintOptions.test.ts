import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  augmentArguments,
  parseInpaintOptions,
  recipeLayer,
} from '../../../src/extension/inpaint/inpaintOptions';

test('fills defaults and keeps given fields', () => {
  const options = parseInpaintOptions({
    target: '/t',
    masks: { kind: 'folder', folder: '/m' },
    seed: 7,
  });
  assert.deepEqual(options, {
    target: '/t',
    masks: { kind: 'folder', folder: '/m' },
    preset: 'custom',
    engine: 'composite',
    perImage: 1,
    seed: 7,
    mode: 'full',
  });
});

test('names the bad field', () => {
  assert.throws(() => parseInpaintOptions('x'), /must be an object/);
  assert.throws(() => parseInpaintOptions({}), /"target"/);
  assert.throws(() => parseInpaintOptions({ target: '/t', perImage: 0 }), /"perImage"/);
  assert.throws(
    () => parseInpaintOptions({ target: '/t', preset: 'ruler' }),
    /unknown preset "ruler"/,
  );
  assert.throws(
    () => parseInpaintOptions({ target: '/t', engine: 'gan' }),
    /engine must be one of/,
  );
  assert.throws(
    () => parseInpaintOptions({ target: '/t', engine: 'diffusion' }),
    /needs a "model"/,
  );
  assert.throws(() => parseInpaintOptions({ target: '/t', masks: { kind: 'folder' } }), /"masks"/);
  assert.throws(() => parseInpaintOptions({ target: '/t', mode: 'dry' }), /"mode"/);
});

test('builds the augment command line with masks, suffix and the recipe file', () => {
  const options = parseInpaintOptions({
    target: '/t',
    masks: { kind: 'folder', folder: '/m', suffix: '_segmentation' },
    preset: 'dermoscopy',
    perImage: 3,
    seed: 5,
  });
  assert.deepEqual(augmentArguments('/s', '/o', options, '/r.json'), [
    'augment',
    '--source',
    '/s',
    '--target',
    '/t',
    '--out',
    '/o',
    '--masks',
    '/m',
    '--mask-suffix',
    '_segmentation',
    '--preset',
    'dermoscopy',
    '--recipe',
    '/r.json',
    '--engine',
    'composite',
    '--per-image',
    '3',
    '--seed',
    '5',
    '--require-review',
    '--json',
  ]);
  const noMasks = parseInpaintOptions({ target: '/t' });
  assert.equal(augmentArguments('/s', '/o', noMasks, '/r.json').includes('--masks'), false);
  assert.equal(augmentArguments('/s', '/o', noMasks, '/r.json').includes('--limit'), false);
});

test('the review setting is always passed explicitly', () => {
  const options = parseInpaintOptions({ target: '/t' });
  const optedOut = augmentArguments('/s', '/o', options, '/r.json', false);
  assert.equal(optedOut.includes('--no-require-review'), true);
  assert.equal(optedOut.includes('--require-review'), false);
  assert.equal(
    augmentArguments('/s', '/o', options, '/r.json', true).includes('--require-review'),
    true,
  );
});

test('a preview run is limited to the first four source images', () => {
  const preview = parseInpaintOptions({ target: '/t', mode: 'preview' });
  const args = augmentArguments('/s', '/o-preview', preview, '/r.json');
  assert.deepEqual(args.slice(args.indexOf('--limit'), args.indexOf('--limit') + 2), [
    '--limit',
    '4',
  ]);
});

test('the recipe layer carries the model and the execution provider preference', () => {
  const options = parseInpaintOptions({
    target: '/t',
    engine: 'diffusion',
    model: '/models/sd',
    perImage: 2,
  });
  assert.deepEqual(recipeLayer(options, 'cuda'), {
    engine: 'diffusion',
    perImage: 2,
    seed: 0,
    diffusion: { executionProvider: 'cuda', model: '/models/sd' },
  });
});

test('target masks: a folder becomes --target-masks, "none" says --no-fill-target, else neither', () => {
  const base = { target: '/t', preset: 'dermoscopy' };
  const folder = parseInpaintOptions({ ...base, targetMasks: { kind: 'folder', folder: '/tm' } });
  assert.deepEqual(folder.targetMasks, { kind: 'folder', folder: '/tm' });
  const args = augmentArguments('/s', '/o', folder, '/r.json');
  assert.equal(args[args.indexOf('--target-masks') + 1], '/tm');
  assert.equal(args.includes('--no-fill-target'), false);

  const none = parseInpaintOptions({ ...base, targetMasks: { kind: 'none' } });
  const noneArgs = augmentArguments('/s', '/o', none, '/r.json');
  assert.ok(noneArgs.includes('--no-fill-target'));
  assert.equal(noneArgs.includes('--target-masks'), false);

  const unasked = augmentArguments('/s', '/o', parseInpaintOptions(base), '/r.json');
  assert.equal(unasked.includes('--target-masks') || unasked.includes('--no-fill-target'), false);
});

test('a bad targetMasks value is named', () => {
  for (const targetMasks of [null, 'folder', { kind: 'folder' }, { kind: 'folder', folder: ' ' }]) {
    assert.throws(
      () => parseInpaintOptions({ target: '/t', targetMasks }),
      /"targetMasks" must be/,
      JSON.stringify(targetMasks),
    );
  }
});

test('a selection runs on the dataset folder with --labels listing the selected images', () => {
  const options = parseInpaintOptions({ target: '/t', labels: '/storage/selections/s.csv' });
  assert.equal(options.labels, '/storage/selections/s.csv');
  const args = augmentArguments('/ws/data/source', '/o', options, '/r.json');
  assert.deepEqual(args.slice(args.indexOf('--labels'), args.indexOf('--labels') + 2), [
    '--labels',
    '/storage/selections/s.csv',
  ]);
  assert.throws(() => parseInpaintOptions({ target: '/t', labels: '' }), /"labels" must be/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { augmentRequest, parseInpaintOptions } from '../../../src/extension/inpaint/inpaintOptions';
import { cliArguments } from '../../../src/shared/cliRequest';

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

const settings = { executionProvider: 'auto', requireReview: true } as const;

test('the answers become one augment request: each value once, as a flag (no recipe file)', () => {
  const options = parseInpaintOptions({
    target: '/t',
    masks: { kind: 'folder', folder: '/m', suffix: '_segmentation' },
    preset: 'dermoscopy',
    perImage: 3,
    seed: 5,
  });
  const request = augmentRequest('/s', '/o', options, settings);
  assert.deepEqual(request, {
    command: 'augment',
    source: '/s',
    target: '/t',
    out: '/o',
    masks: { folder: '/m', suffix: '_segmentation' },
    preset: 'dermoscopy',
    engine: 'composite',
    perImage: 3,
    seed: 5,
    executionProvider: 'auto',
    requireReview: true,
  });
  assert.deepEqual(cliArguments(request), [
    'augment',
    '--source=/s',
    '--target=/t',
    '--out=/o',
    '--masks=/m',
    '--mask-suffix=_segmentation',
    '--preset=dermoscopy',
    '--engine=composite',
    '--per-image=3',
    '--seed=5',
    '--provider=auto',
    '--require-review',
    '--json',
  ]);
  const noMasks = cliArguments(
    augmentRequest('/s', '/o', parseInpaintOptions({ target: '/t' }), settings),
  );
  assert.equal(
    noMasks.some((arg) => arg.startsWith('--masks')),
    false,
  );
  assert.equal(
    noMasks.some((arg) => arg.startsWith('--limit')),
    false,
  );
  assert.equal(noMasks.includes('--recipe'), false);
});

test('the review setting is always passed explicitly', () => {
  const options = parseInpaintOptions({ target: '/t' });
  const optedOut = cliArguments(
    augmentRequest('/s', '/o', options, { ...settings, requireReview: false }),
  );
  assert.equal(optedOut.includes('--no-require-review'), true);
  assert.equal(optedOut.includes('--require-review'), false);
  assert.equal(
    cliArguments(augmentRequest('/s', '/o', options, settings)).includes('--require-review'),
    true,
  );
});

test('a preview run is limited to the first four source images', () => {
  const preview = parseInpaintOptions({ target: '/t', mode: 'preview' });
  assert.equal(augmentRequest('/s', '/o-preview', preview, settings).limit, 4);
  assert.ok(
    cliArguments(augmentRequest('/s', '/o-preview', preview, settings)).includes('--limit=4'),
  );
});

test('the model and the execution provider preference are flags of the request', () => {
  const options = parseInpaintOptions({
    target: '/t',
    engine: 'diffusion',
    model: '/models/sd',
    perImage: 2,
  });
  const request = augmentRequest('/s', '/o', options, { ...settings, executionProvider: 'cuda' });
  assert.equal(request.model, '/models/sd');
  assert.equal(request.executionProvider, 'cuda');
  const args = cliArguments(request);
  for (const flag of [
    '--engine=diffusion',
    '--model=/models/sd',
    '--per-image=2',
    '--provider=cuda',
  ])
    assert.ok(args.includes(flag), flag);
});

test('target masks: a folder becomes --target-masks, "none" says --no-fill-target, else neither', () => {
  const base = { target: '/t', preset: 'dermoscopy' };
  const folder = parseInpaintOptions({ ...base, targetMasks: { kind: 'folder', folder: '/tm' } });
  assert.deepEqual(folder.targetMasks, { kind: 'folder', folder: '/tm' });
  const args = cliArguments(augmentRequest('/s', '/o', folder, settings));
  assert.ok(args.includes('--target-masks=/tm'));
  assert.equal(args.includes('--no-fill-target'), false);

  const none = parseInpaintOptions({ ...base, targetMasks: { kind: 'none' } });
  const noneArgs = cliArguments(augmentRequest('/s', '/o', none, settings));
  assert.ok(noneArgs.includes('--no-fill-target'));
  assert.equal(
    noneArgs.some((arg) => arg.startsWith('--target-masks')),
    false,
  );

  const unasked = cliArguments(augmentRequest('/s', '/o', parseInpaintOptions(base), settings));
  assert.equal(
    unasked.some((arg) => arg.startsWith('--target-masks') || arg === '--no-fill-target'),
    false,
  );
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
  const request = augmentRequest('/ws/data/source', '/o', options, settings);
  assert.equal(request.labels, '/storage/selections/s.csv');
  assert.ok(cliArguments(request).includes('--labels=/storage/selections/s.csv'));
  assert.equal(
    augmentRequest('/s', '/o', parseInpaintOptions({ target: '/t' }), settings).labels,
    undefined,
  );
  assert.throws(() => parseInpaintOptions({ target: '/t', labels: '' }), /"labels" must be/);
});

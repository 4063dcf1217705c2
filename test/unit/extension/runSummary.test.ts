import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSummary, summaryLines } from '../../../src/extension/inpaint/runSummary';

const relative = (p: string): string => p.replace('/ws/', '');

test('the summary names the folders, the target masks and the settings', () => {
  const summary = runSummary(
    {
      target: '/ws/data/target',
      masks: { kind: 'folder', folder: '/ws/data/masks', suffix: '_seg' },
      targetMasks: { kind: 'folder', folder: '/ws/data/target-masks' },
      preset: 'dermoscopy',
      engine: 'diffusion',
      model: '/models/sd-inpaint',
      perImage: 5,
      seed: 3,
    },
    relative,
  );
  assert.equal(
    summary,
    'target data/target · masks data/masks (suffix _seg) · target masks data/target-masks · ' +
      "Dermoscopy (ISIC) · blends inside the mask's edge (the authors' blur and feather; some mask pixels change) · " +
      'diffusion sd-inpaint · 5 per image · seed 3',
  );
});

test('the summary says what is kept: every mask pixel exactly unless the preset blends inside', () => {
  const answers = {
    target: '/ws/t',
    masks: { kind: 'none' } as const,
    engine: 'composite' as const,
    perImage: 1,
    seed: 0,
  };
  for (const preset of ['custom', 'natural', 'cameraTrap', 'chestXray'] as const)
    assert.match(
      runSummary({ ...answers, preset }, relative),
      / · keeps every mask pixel exactly \(blends outside the mask\) · /,
    );
  assert.match(
    runSummary({ ...answers, preset: 'dermoscopy' }, relative),
    /blends inside the mask's edge/,
  );
});

test('running without target masks is said, not left out; unasked target masks are not shown', () => {
  const base = {
    target: '/ws/t',
    masks: { kind: 'none' } as const,
    preset: 'dermoscopy' as const,
    engine: 'composite' as const,
    perImage: 1,
    seed: 0,
  };
  assert.match(
    runSummary({ ...base, targetMasks: { kind: 'none' } }, relative),
    /no masks · target lesions not filled/,
  );
  assert.doesNotMatch(runSummary(base, relative), /target (masks|lesions)/);
});

test('the wizard summary lists every answer on its own line', () => {
  assert.deepEqual(
    summaryLines(
      {
        target: '/ws/data/target',
        masks: { kind: 'folder', folder: '/ws/data/masks', suffix: '_seg' },
        targetMasks: { kind: 'none' },
        preset: 'dermoscopy',
        engine: 'diffusion',
        model: '/ws/models/sd-inpaint',
        perImage: 5,
        seed: 3,
      },
      relative,
    ),
    [
      'Target images: data/target',
      'Key-region masks: data/masks (name suffix _seg)',
      'Target masks: none (the target lesions are not filled)',
      'Preset: Dermoscopy (ISIC)',
      "Key region: blends inside the mask's edge (the authors' blur and feather; some mask pixels change)",
      'Engine: diffusion (model models/sd-inpaint)',
      'Images per source: 5',
      'Seed: 3',
    ],
  );
});

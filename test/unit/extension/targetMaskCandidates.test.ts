import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  bestTargetMaskCandidate,
  countTargetMasks,
  describeCoverage,
  findTargetMaskCandidates,
  siblingMaskFolderNames,
} from '../../../src/extension/inpaint/targetMaskCandidates';

/** Empty files are enough: matching looks at names only, never decodes. */
function touch(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '');
}

/**
 * workspace/data/{target (3 images), target-masks (2 masks with suffix), masks (source masks),
 * images_masks (unrelated, none matching)} and a folder outside the workspace.
 */
function layout(): { workspace: string; data: string; target: string; outside: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'mmp-target-masks-'));
  const workspace = path.join(root, 'workspace');
  const data = path.join(workspace, 'data');
  const target = path.join(data, 'target');
  for (const name of ['a', 'b', 'c']) touch(path.join(target, `${name}.png`));
  touch(path.join(data, 'target-masks', 'a_seg.png'));
  touch(path.join(data, 'target-masks', 'b_seg.png'));
  touch(path.join(data, 'masks', 'benign', 'x_seg.png'));
  touch(path.join(data, 'target_masks', 'unrelated.png'));
  const outside = path.join(root, 'outside');
  touch(path.join(outside, 'a_seg.png'));
  return { workspace, data, target, outside };
}

test('sibling names follow the target folder name, most specific first', () => {
  assert.deepEqual(siblingMaskFolderNames('/d/hospital-b/'), [
    'hospital-b-masks',
    'hospital-b_masks',
    'hospital-b masks',
    'hospital-b-segmentations',
    'masks',
  ]);
});

test('finds the sibling target masks with their coverage; never the source masks', async () => {
  const { workspace, data, target } = layout();
  const candidates = await findTargetMaskCandidates({
    target,
    sourceMasks: path.join(data, 'masks'),
    suffix: '_seg',
    roots: [workspace],
  });
  assert.deepEqual(candidates, [
    {
      folder: path.join(data, 'target-masks'),
      origin: 'next to the target folder',
      matched: 2,
      total: 3,
    },
    {
      folder: path.join(data, 'target_masks'),
      origin: 'next to the target folder',
      matched: 0,
      total: 3,
    },
  ]);
  assert.equal(bestTargetMaskCandidate(candidates)?.folder, path.join(data, 'target-masks'));
  // Without the suffix the same folder covers nothing: the CLI's matching rules, not a guess.
  assert.deepEqual(await countTargetMasks(target, path.join(data, 'target-masks')), {
    matched: 0,
    total: 3,
  });
});

test('a sibling "masks" folder is offered when it is not the source masks', async () => {
  const { workspace, data, target } = layout();
  const candidates = await findTargetMaskCandidates({ target, roots: [workspace] });
  assert.ok(candidates.some((candidate) => candidate.folder === path.join(data, 'masks')));
});

test('the last folder comes first, but only inside the roots; links out of them are refused', async () => {
  const { workspace, data, target, outside } = layout();
  const inside = await findTargetMaskCandidates({
    target,
    suffix: '_seg',
    last: path.join(data, 'target_masks'),
    roots: [workspace],
  });
  assert.deepEqual(
    inside.map((candidate) => [path.basename(candidate.folder), candidate.origin]),
    [
      ['target_masks', 'last used'],
      ['target-masks', 'next to the target folder'],
      ['masks', 'next to the target folder'],
    ],
  );
  const refused = await findTargetMaskCandidates({
    target,
    suffix: '_seg',
    last: outside,
    roots: [workspace],
  });
  assert.equal(
    refused.some((candidate) => candidate.folder === outside),
    false,
  );
  symlinkSync(outside, path.join(data, 'target-masks-link'));
  const linked = await findTargetMaskCandidates({
    target,
    suffix: '_seg',
    last: path.join(data, 'target-masks-link'),
    roots: [workspace],
  });
  assert.equal(linked[0]?.origin, 'next to the target folder', 'the link out was offered');
});

test('the target folder itself and folders inside it are never offered', async () => {
  const { workspace, target } = layout();
  touch(path.join(target, 'masks', 'a.png'));
  const candidates = await findTargetMaskCandidates({
    target,
    last: path.join(target, 'masks'),
    roots: [workspace],
  });
  assert.equal(
    candidates.some(
      (candidate) => candidate.folder === target || candidate.folder.startsWith(target + path.sep),
    ),
    false,
  );
});

test('coverage says how many are covered, or how masks are matched', () => {
  assert.equal(describeCoverage({ matched: 2, total: 3 }), '2 of 3 target images have a mask here');
  assert.match(describeCoverage({ matched: 0, total: 3 }, '_seg'), /<target image stem>_seg/);
});

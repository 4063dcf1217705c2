import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  siblingMaskFolders,
  siblingTargetFolders,
} from '../../../src/extension/inpaint/wizardSuggestions';

test('the first run suggests the obvious sibling folders of the source', async () => {
  const data = mkdtempSync(path.join(tmpdir(), 'mmp-siblings-'));
  for (const name of ['source', 'target', 'masks', 'target-masks', 'source_masks', 'other'])
    mkdirSync(path.join(data, name));
  writeFileSync(path.join(data, 'targets'), 'a file, not a folder');
  const source = path.join(data, 'source');
  assert.deepEqual(await siblingTargetFolders(source), [path.join(data, 'target')]);
  assert.deepEqual(await siblingMaskFolders(source), [
    path.join(data, 'masks'),
    path.join(data, 'source_masks'),
  ]);
  assert.deepEqual(await siblingTargetFolders(path.join(data, 'missing', 'x')), []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { commonFolder, selectionFolder } from '../../../src/extension/inpaint/selectionLayout';

test('the deepest folder shared by every path', () => {
  const p = (...parts: string[]) => path.resolve('/', ...parts);
  assert.equal(
    commonFolder([p('ws', 'data', 'src'), p('ws', 'data', 'src')]),
    p('ws', 'data', 'src'),
  );
  assert.equal(commonFolder([p('ws', 'data', 'a'), p('ws', 'data', 'b', 'c')]), p('ws', 'data'));
  // Segment-wise, not character-wise: /ws/data2 and /ws/data share /ws only.
  assert.equal(commonFolder([p('ws', 'data2'), p('ws', 'data')]), p('ws'));
});

test('the selection folder goes beside the dataset folder, never inside it', () => {
  const date = new Date(2026, 0, 26, 14, 15, 3);
  const root = path.resolve('/ws/data/source');
  assert.equal(
    selectionFolder(root, [path.resolve('/ws')], date),
    path.resolve('/ws/data/source-selection-20260126-141503'),
  );
  // A workspace folder as dataset root: inside, so the copies stay in the workspace.
  assert.equal(
    selectionFolder(path.resolve('/ws'), [path.resolve('/ws')], date),
    path.resolve('/ws/maskmedpaint-selection-20260126-141503'),
  );
});

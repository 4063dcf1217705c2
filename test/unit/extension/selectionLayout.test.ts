import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseCsv } from '../../../src/shared/csv';
import {
  commonFolder,
  selectionLabels,
  selectionName,
  selectionSourceName,
} from '../../../src/extension/inpaint/selectionLayout';

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

test('a selection is a labels CSV over the dataset folder: class from the parent folder, nothing copied', () => {
  const p = (...parts: string[]) => path.resolve('/ws/data/source', ...parts);
  const selected = selectionLabels([
    p('benign', 'a, b.png'),
    p('malignant', 'deep', 'c.png'),
    p('benign', 'a, b.png'),
  ]);
  assert.equal(selected.root, path.resolve('/ws/data/source'));
  assert.equal(selected.count, 2, 'each image once');
  assert.deepEqual(parseCsv(selected.csv), [
    ['path', 'label'],
    ['benign/a, b.png', 'benign'],
    ['malignant/deep/c.png', 'malignant'],
  ]);
});

test('a selection is named after its dataset and time; its output goes beside the dataset', () => {
  const date = new Date(2026, 0, 26, 14, 15, 3);
  const name = selectionName('/ws/data/source', date);
  assert.equal(name, 'source-selection-20260126-141503');
  assert.equal(
    selectionSourceName('/ws/data/source', name),
    path.resolve('/ws/data/source-selection-20260126-141503'),
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { expandOutputPattern } from '../../../src/extension/inpaint/outputLocation';

const values = {
  sourceFolder: path.resolve('/ws/data/source'),
  workspaceFolder: path.resolve('/ws'),
  preset: 'natural',
};

test('expands the default pattern beside the source folder', () => {
  assert.equal(
    expandOutputPattern('${sourceFolder}-maskmedpaint', values),
    path.resolve('/ws/data/source-maskmedpaint'),
  );
});

test('relative patterns land in the workspace folder', () => {
  assert.equal(
    expandOutputPattern('augmented/${sourceFolderName}-${preset}', values),
    path.resolve('/ws/augmented/source-natural'),
  );
});

test('refuses unknown variables and outputs inside the source folder', () => {
  assert.throws(() => expandOutputPattern('${home}/x', values), /unknown variable \$\{home\}/);
  assert.throws(
    () => expandOutputPattern('${sourceFolder}/out', values),
    /inside the source folder/,
  );
  assert.throws(() => expandOutputPattern('${sourceFolder}', values), /inside the source folder/);
  assert.throws(() => expandOutputPattern('', values), /empty/);
});

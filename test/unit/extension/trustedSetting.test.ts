import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trustedValue } from '../../../src/extension/trustedSetting';

const levels = {
  defaultValue: ['d'],
  globalValue: ['user'],
  workspaceValue: ['ws'],
  workspaceFolderValue: ['folder'],
};

test('a trusted workspace uses the usual precedence', () => {
  assert.deepEqual(trustedValue(levels, true), ['folder']);
  assert.deepEqual(trustedValue({ ...levels, workspaceFolderValue: undefined }, true), ['ws']);
});

test('an untrusted workspace cannot set the value', () => {
  assert.deepEqual(trustedValue(levels, false), ['user']);
  assert.deepEqual(trustedValue({ defaultValue: [], workspaceValue: ['/evil/model'] }, false), []);
  assert.equal(trustedValue(undefined, false), undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isInsideServerDir,
  normalizeServerPath,
  serverDirOf,
  toServerPath,
} from '../../../src/jupyterlab/serverPaths';

test('normalizeServerPath folds . and .. and refuses climbing above the root', () => {
  assert.equal(normalizeServerPath('a/./b/../c//d'), 'a/c/d');
  assert.equal(normalizeServerPath('a/..'), '');
  assert.equal(normalizeServerPath('../a'), null);
  assert.equal(normalizeServerPath('a/../../b'), null);
});

test('serverDirOf and isInsideServerDir', () => {
  assert.equal(serverDirOf('a/b/c.json'), 'a/b');
  assert.equal(serverDirOf('c.json'), '');
  assert.ok(isInsideServerDir('', 'anything'));
  assert.ok(isInsideServerDir('run', 'run/images/x.png'));
  assert.ok(!isInsideServerDir('run', 'run2/x.png'));
});

test('toServerPath resolves relative paths against a server folder', () => {
  assert.equal(toServerPath('../run/m.json', 'notebooks', null), 'run/m.json');
  assert.equal(toServerPath('../../m.json', 'notebooks', null), null);
  assert.equal(toServerPath('x\0y', '', null), null);
});

test('toServerPath maps absolute paths only under a known, absolute server root', () => {
  assert.equal(toServerPath('/home/u/project/run/m.json', 'nb', '/home/u/project'), 'run/m.json');
  assert.equal(toServerPath('/home/u/other/m.json', 'nb', '/home/u/project'), null);
  assert.equal(toServerPath('/home/u/projectX/m.json', 'nb', '/home/u/project'), null);
  assert.equal(toServerPath('/anywhere/m.json', 'nb', '/'), 'anywhere/m.json');
  assert.equal(toServerPath('/home/u/project/m.json', 'nb', null), null);
  assert.equal(toServerPath('/home/u/project/m.json', 'nb', '~/project'), null);
  assert.equal(toServerPath('C:\\data\\m.json', 'nb', '/home/u'), null);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEnvironmentError, isEnvironmentError } from '../../../src/cli/environmentError';
import { isConfigurationError } from '../../../src/cli/exitCodes';
import { RegistryError } from '../../../src/core/models/registry';
import { TempFileRemovedError } from '../../../src/core/util/atomicWrite';

function errno(code: string, syscall: string, path?: string, dest?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} '${path ?? ''}'`), {
    code,
    syscall,
    ...(path !== undefined ? { path } : {}),
    ...(dest !== undefined ? { dest } : {}),
  });
}

test('each environment errno is a configuration error (exit 2) with a plain sentence', () => {
  const cases: Array<[NodeJS.ErrnoException, RegExp]> = [
    [
      errno('EACCES', 'mkdir', '/srv/out'),
      /^cannot create folder \/srv\/out: permission denied \(EACCES\); choose a folder you can write to/,
    ],
    [
      errno('EPERM', 'open', '/srv/out/x.png'),
      /^cannot open \/srv\/out\/x\.png: operation not permitted \(EPERM\)/,
    ],
    [
      errno('EROFS', 'mkdir', '/mnt/ro/out'),
      /^cannot create folder \/mnt\/ro\/out: the file system is read-only \(EROFS\); choose a folder on a writable disk/,
    ],
    [
      errno('ENOSPC', 'write', '/out/images/a.png'),
      /no space left on the device \(ENOSPC\); free some space or choose another disk; rerun to resume/,
    ],
    [errno('EDQUOT', 'write', '/out/a.png'), /disk quota exceeded \(EDQUOT\)/],
    [
      errno('ENOTDIR', 'mkdir', '/a-file/out'),
      /^cannot create folder \/a-file\/out: a part of the path is a file, not a folder \(ENOTDIR\)/,
    ],
    [
      errno('EISDIR', 'read', '/out/maskmedpaint.json'),
      /^cannot read .*: it is a folder, where a file is expected \(EISDIR\)/,
    ],
    [
      errno('EEXIST', 'mkdir', '/out'),
      /^cannot create folder \/out: a file with that name is in the way, where a folder is needed \(EEXIST\)/,
    ],
    [
      errno('EEXIST', 'open', '/out/x'),
      /^cannot open \/out\/x: something with that name is already there \(EEXIST\)/,
    ],
    [
      errno('ENOENT', 'rename', '/out/.x.mmp-tmp', '/out/x'),
      /^cannot move \/out\/\.x\.mmp-tmp to \/out\/x: no such file or folder \(or it was removed while in use\) \(ENOENT\)/,
    ],
    [errno('ENAMETOOLONG', 'open', '/out/aaaa'), /the name is too long \(ENAMETOOLONG\)/],
    [
      errno('ELOOP', 'stat', '/out/loop'),
      /^cannot access \/out\/loop: too many levels of symbolic links/,
    ],
    [
      errno('EMFILE', 'open', '/out/x'),
      /too many open files \(EMFILE\); raise the open-file limit/,
    ],
    [errno('EIO', 'read', '/out/x'), /input\/output error \(EIO\)/],
  ];
  for (const [error, expected] of cases) {
    assert.ok(isEnvironmentError(error), error.code);
    assert.ok(isConfigurationError(error), error.code);
    assert.match(describeEnvironmentError(error) ?? '', expected);
  }
});

test('an errno error without a path keeps its message and gains the cause and hint', () => {
  const error = errno('ENOSPC', 'write');
  assert.match(
    describeEnvironmentError(error) ?? '',
    /^ENOSPC: write '' \(no space left on the device\); free some space/,
  );
});

test('registry and temp-file races are configuration errors; a plain bug is not', () => {
  assert.ok(isConfigurationError(new RegistryError('/c/registry.json', ['not valid JSON'])));
  assert.ok(isConfigurationError(new TempFileRemovedError('/out/maskmedpaint.json')));
  assert.equal(
    isConfigurationError(new TypeError("Cannot read properties of undefined (reading 'padEnd')")),
    false,
  );
  assert.equal(
    isConfigurationError(Object.assign(new Error('x'), { code: 'ERR_ASSERTION' })),
    false,
  );
  assert.equal(describeEnvironmentError(new Error('plain')), undefined);
});

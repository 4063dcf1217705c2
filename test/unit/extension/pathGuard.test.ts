import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isInsideRoots, isSameOrDescendant } from '../../../src/extension/security/pathGuard';

const file = (fsPath: string) => ({ scheme: 'file', fsPath });

async function sandbox(): Promise<{ base: string; root: string; outside: string }> {
  const base = await mkdtemp(path.join(tmpdir(), 'mmp-guard-'));
  const root = path.join(base, 'workspace');
  const outside = path.join(base, 'secret');
  await mkdir(path.join(root, 'images'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(path.join(root, 'images', 'a.png'), 'x');
  await writeFile(path.join(outside, 'key.txt'), 'x');
  return { base, root, outside };
}

test('accepts files inside a root, including ones not written yet', async () => {
  const { base, root } = await sandbox();
  try {
    assert.equal(await isInsideRoots(file(path.join(root, 'images', 'a.png')), [file(root)]), true);
    assert.equal(
      await isInsideRoots(file(path.join(root, 'new', 'deep', 'b.png')), [file(root)]),
      true,
    );
    assert.equal(await isInsideRoots(file(root), [file(root)]), true);
  } finally {
    await rm(base, { recursive: true, force: true });
  }
});

test('refuses .. escapes, sibling prefixes and other schemes', async () => {
  const { base, root, outside } = await sandbox();
  try {
    const escape = `${root}${path.sep}images${path.sep}..${path.sep}..${path.sep}secret${path.sep}key.txt`;
    assert.equal(await isInsideRoots(file(escape), [file(root)]), false);
    // "workspace-evil" starts with the root's text but is not inside it.
    assert.equal(await isInsideRoots(file(`${root}-evil${path.sep}x.png`), [file(root)]), false);
    assert.equal(
      await isInsideRoots({ scheme: 'https', fsPath: path.join(root, 'a') }, [file(root)]),
      false,
    );
    assert.equal(await isInsideRoots(file(path.join(outside, 'key.txt')), []), false);
  } finally {
    await rm(base, { recursive: true, force: true });
  }
});

test('follows symbolic links that point out of the root', async () => {
  const { base, root, outside } = await sandbox();
  try {
    await symlink(outside, path.join(root, 'link'));
    assert.equal(
      await isInsideRoots(file(path.join(root, 'link', 'key.txt')), [file(root)]),
      false,
    );
    // A missing file below the link still lands outside.
    assert.equal(
      await isInsideRoots(file(path.join(root, 'link', 'new.png')), [file(root)]),
      false,
    );
    // A root given through a link is resolved too.
    assert.equal(
      await isInsideRoots(file(path.join(outside, 'key.txt')), [file(path.join(root, 'link'))]),
      true,
    );
  } finally {
    await rm(base, { recursive: true, force: true });
  }
});

test('a folder whose name starts with two dots is still a descendant', () => {
  assert.equal(isSameOrDescendant(path.join('/r', '..hidden', 'x'), '/r'), true);
  assert.equal(isSameOrDescendant('/r/../x', '/r'), false);
});

// Environment failures around the output folder, end to end through the real CLI: read-only,
// unwritable or full disks, files in the way, and a concurrent cleaner removing temporary files.
// Each must end with exit code 2 and one plain sentence, never "internal error" and a stack trace.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { makeDataset, type TestDataset } from '../unit/jobs/helpers/makeDataset';
import {
  assertPlainEnvironmentFailure,
  buildCli,
  removeCli,
  runWithFaults,
  type FsFault,
} from './faultCli';

let root: string;
let dataset: TestDataset;

before(async () => {
  await buildCli();
  root = mkdtempSync(path.join(tmpdir(), 'mmp-faults-'));
  dataset = await makeDataset(root, { perClass: 1 });
});
after(removeCli);

const augment = (out: string, faults: FsFault[] = []): ReturnType<typeof runWithFaults> =>
  runWithFaults(
    [
      'augment',
      '--source',
      dataset.source,
      '--target',
      dataset.target,
      '--masks',
      dataset.masks,
      '--out',
      out,
      '--per-image',
      '1',
      '--blend',
      'alpha',
    ],
    faults,
  );

test('an output folder on a read-only file system: exit 2 naming the folder', async () => {
  const out = path.join(root, 'ro', 'out');
  const result = await augment(out, [{ op: 'mkdir', match: `${path.sep}ro`, code: 'EROFS' }]);
  assertPlainEnvironmentFailure(
    result,
    /cannot create folder .*ro.*: the file system is read-only \(EROFS\); choose a folder on a writable disk/,
  );
});

test('missing parent folders that cannot be created (no permission): exit 2', async () => {
  const out = path.join(root, 'locked', 'deeper', 'out');
  const result = await augment(out, [{ op: 'mkdir', match: 'locked', code: 'EACCES' }]);
  assertPlainEnvironmentFailure(
    result,
    /cannot create folder .*locked.*: permission denied \(EACCES\)/,
  );
});

test('missing parent folders that can be created are created (exit 0)', async () => {
  const out = path.join(root, 'new', 'deeper', 'out');
  const result = await augment(out);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(existsSync(path.join(out, 'maskmedpaint.json')));
});

test('a file where the output folder or one of its parents should be: exit 2', async () => {
  const file = path.join(root, 'a-file');
  writeFileSync(file, 'not a folder');
  assertPlainEnvironmentFailure(
    await augment(path.join(file, 'out')),
    /a part of the path is a file, not a folder \(ENOTDIR\)/,
  );
  assertPlainEnvironmentFailure(
    await augment(file),
    /cannot create folder .*a-file: a file with that name is in the way, where a folder is needed \(EEXIST\)/,
  );
  const blocked = path.join(root, 'blocked');
  mkdirSync(path.join(blocked, 'images'), { recursive: true });
  writeFileSync(path.join(blocked, 'images', 'benign'), 'a file where a class folder goes');
  assertPlainEnvironmentFailure(
    await augment(blocked),
    /cannot create folder .*benign: a file with that name is in the way/,
  );
});

test('an output folder the user may not write into (images cannot be created): exit 2', async () => {
  const out = path.join(root, 'no-write');
  const result = await augment(out, [{ op: 'open', match: '.mmp-tmp', code: 'EACCES' }]);
  assertPlainEnvironmentFailure(result, /cannot open .*\.mmp-tmp.*: permission denied \(EACCES\)/);
});

test('a full disk while writing an image: exit 2, and the rerun resumes', async () => {
  const out = path.join(root, 'full');
  const full = await augment(out, [{ op: 'write', match: '__k0.png', code: 'ENOSPC' }]);
  assertPlainEnvironmentFailure(
    full,
    /no space left on the device \(ENOSPC\); free some space or choose another disk; rerun to resume/,
  );
  const rerun = await augment(out);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.deepEqual(readdirSync(path.join(out, 'images')).sort(), ['benign', 'malignant']);
});

test('a full disk while writing the manifest: exit 2', async () => {
  const out = path.join(root, 'full-manifest');
  const result = await augment(out, [
    { op: 'write', match: '.maskmedpaint.json.', code: 'ENOSPC' },
  ]);
  assertPlainEnvironmentFailure(result, /no space left on the device \(ENOSPC\)/);
});

test('a temporary file removed by another process before its rename: exit 2 saying so', async () => {
  const out = path.join(root, 'race');
  const result = await augment(out, [{ op: 'rename', match: '__k0.png', vanish: true }]);
  assertPlainEnvironmentFailure(
    result,
    /the temporary file for .*__k0\.png was removed by another process before it could be renamed into place \(is another run using /,
  );
});

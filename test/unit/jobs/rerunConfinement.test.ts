import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { ManifestPathError } from '../../../src/core/jobs/manifestPaths';
import { readManifest, writeManifest } from '../../../src/core/jobs/manifestStore';
import { rerunItem } from '../../../src/core/jobs/rerunItem';
import { JobConfigError } from '../../../src/core/jobs/types';
import type { ManifestItem } from '../../../src/shared/manifest';
import { freshTempDirs } from '../helpers/tempDir';
import { makeFifo, withPipeGuard } from './helpers/fifo';
import { hashTree, makeDataset, writeMaskPng, writeRgbPng } from './helpers/makeDataset';
import { planFor, runPlan } from './helpers/runHelpers';

const tempDir = freshTempDirs('rerun-confined');
const ID = 'benign/img_0__0';

/** A finished run in root/out, a mask to rerun with, and root/outside/secret.png. */
async function finishedRun() {
  const root = tempDir();
  const dataset = await makeDataset(root, { perClass: 1 });
  const out = path.join(root, 'out');
  await runPlan(await planFor(dataset, out));
  const secret = path.join(root, 'outside', 'secret.png');
  await writeRgbPng(secret, 32, 99);
  const mask = path.join(root, 'edit.png');
  await writeMaskPng(mask, 20);
  return { root, dataset, out, manifestPath: path.join(out, 'maskmedpaint.json'), secret, mask };
}

/** Edits the item; the manifest also records a target masks folder, so that field has a home. */
async function editItem(manifestPath: string, edit: Partial<ManifestItem>): Promise<void> {
  const manifest = await readManifest(manifestPath);
  Object.assign(
    manifest.items.find((item) => item.id === ID)!,
    edit,
  );
  manifest.inputs.targetMasks = '../target-masks';
  await writeManifest(manifestPath, manifest);
}

/** Each field's own input folder, relative to the dataset root. */
const HOME = { source: 'source/benign', target: 'target', targetMask: 'target-masks' } as const;

test('a hand-edited source, target or target mask outside its input folder stops the rerun before anything is written', async () => {
  let cases = 0;
  for (const field of ['source', 'target', 'targetMask'] as const) {
    for (const escape of ['absolute', 'dotdot', 'link in the run folder', 'pipe'] as const) {
      const { root, out, manifestPath, secret, mask } = await finishedRun();
      mkdirSync(path.join(root, 'target-masks'), { recursive: true });
      // In the field's own folder, so only "not a regular file" can refuse it.
      const pipe = path.join(root, HOME[field], 'pipe.png');
      let value: string;
      if (escape === 'absolute') value = secret;
      else if (escape === 'dotdot') value = '../outside/secret.png';
      else if (escape === 'link in the run folder') {
        symlinkSync(path.dirname(secret), path.join(out, 'linked'));
        value = 'linked/secret.png';
      } else {
        makeFifo(pipe);
        value = `../${HOME[field]}/pipe.png`;
      }
      await editItem(manifestPath, { [field]: value });
      const before = hashTree(out);
      const { outcome, released } = await withPipeGuard([pipe], () =>
        rerunItem(manifestPath, ID, mask),
      );
      const name = `${field}, ${escape}`;
      assert.equal(released, false, `${name}: the rerun blocked on the pipe`);
      assert.equal(outcome.status, 'rejected', `${name}: the rerun read ${value}`);
      const error = outcome.reason as unknown;
      assert.ok(error instanceof ManifestPathError, `${name}: ${String(error)}`);
      assert.match(error.message, new RegExp(`^item "${ID}", field "${field}"`), name);
      assert.deepEqual(hashTree(out), before, `${name}: the run folder changed`);
      assert.equal(existsSync(path.join(root, 'edited-masks')), false);
      cases += 1;
    }
  }
  assert.equal(cases, 12);
});

test('an output reached through a link in the run folder is not written (the source it leads to is unchanged)', async () => {
  const { dataset, out, manifestPath, mask } = await finishedRun();
  const sources = hashTree(dataset.source);
  // images/benign now leads into the source folder; the recorded output path is unchanged.
  rmSync(path.join(out, 'images', 'benign'), { recursive: true });
  symlinkSync(path.join(dataset.source, 'benign'), path.join(out, 'images', 'benign'));
  await assert.rejects(
    rerunItem(manifestPath, ID, mask),
    /field "output": "images\/benign\/img_0__k0.png" (resolves to .*, outside the run folder|cannot be written)/,
  );
  assert.deepEqual(hashTree(dataset.source), sources);
});

test('a --mask that is a named pipe is refused at once; one from elsewhere is copied into edited-masks/', async () => {
  const { root, out, manifestPath, mask } = await finishedRun();
  const pipe = path.join(root, 'mask-pipe.png');
  makeFifo(pipe);
  const { outcome, released } = await withPipeGuard([pipe], () =>
    rerunItem(manifestPath, ID, pipe),
  );
  assert.equal(released, false, 'the rerun blocked on the pipe');
  assert.equal(outcome.status, 'rejected');
  assert.match(
    String(outcome.reason),
    /--mask .*mask-pipe\.png: .*named pipe \(FIFO\), not a regular file/,
  );

  const result = await rerunItem(manifestPath, ID, mask);
  assert.ok(result.ok, result.ok ? '' : result.error);
  assert.equal(result.item.mask, 'edited-masks/benign_img_0__0.png');
  assert.deepEqual(
    readFileSync(path.join(out, 'edited-masks', 'benign_img_0__0.png')),
    readFileSync(mask),
  );
});

test('an edited-masks folder that is a link is refused before generating; nothing lands where it leads', async () => {
  const { root, out, manifestPath, mask } = await finishedRun();
  const elsewhere = path.join(root, 'elsewhere');
  mkdirSync(elsewhere);
  symlinkSync(elsewhere, path.join(out, 'edited-masks'));
  const output = readFileSync(path.join(out, 'images', 'benign', 'img_0__k0.png'));
  await assert.rejects(
    rerunItem(manifestPath, ID, mask),
    (error: unknown) =>
      error instanceof JobConfigError &&
      /^--mask .*edit\.png: .*would be written through a symbolic link/.test(error.message),
  );
  assert.deepEqual(hashTree(elsewhere), new Map());
  assert.deepEqual(readFileSync(path.join(out, 'images', 'benign', 'img_0__k0.png')), output);
});

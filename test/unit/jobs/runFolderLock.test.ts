import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { readManifest } from '../../../src/core/jobs/manifestStore';
import { RunFolderBusyError, RunLock } from '../../../src/core/jobs/runLock';
import { rerunItem } from '../../../src/core/jobs/rerunItem';
import { sha256File } from '../../../src/core/util/hash';
import { makeDataset } from './helpers/makeDataset';
import { planFor, runPlan, testRecipe } from './helpers/runHelpers';
import { freshTempDirs } from '../helpers/tempDir';

const fresh = freshTempDirs('folder-lock');

test('a run into a folder another process holds is refused before it touches anything, its temp files included', async () => {
  const root = fresh();
  const dataset = await makeDataset(root, { perClass: 1 });
  const out = path.join(root, 'out');
  mkdirSync(path.join(out, 'images'), { recursive: true });
  const holder = await RunLock.acquire(out, 'maskmedpaint augment');
  // The holder's image being written right now.
  const inFlight = path.join(out, 'images', '.img_0__k0.png.0123456789ab.mmp-tmp');
  writeFileSync(inFlight, 'half written');
  await assert.rejects(runPlan(await planFor(dataset, out)), RunFolderBusyError);
  assert.ok(existsSync(inFlight), "the other run's temporary file was deleted");
  assert.equal(existsSync(path.join(out, 'maskmedpaint.json')), false);
  await holder.release();
});

test('two runs with different seeds started together into one folder: exactly one runs, the manifest matches its images', async () => {
  const root = fresh();
  const dataset = await makeDataset(root, { perClass: 2 });
  const out = path.join(root, 'out');
  const runs = await Promise.allSettled([
    runPlan(await planFor(dataset, out, testRecipe({ seed: 1 }))),
    runPlan(await planFor(dataset, out, testRecipe({ seed: 2 }))),
  ]);
  const succeeded = runs.filter((run) => run.status === 'fulfilled');
  assert.equal(succeeded.length, 1);
  const refused = runs.find((run) => run.status === 'rejected');
  assert.ok(refused?.status === 'rejected' && refused.reason instanceof RunFolderBusyError);
  const manifest = await readManifest(path.join(out, 'maskmedpaint.json'));
  assert.equal(manifest.recipe.seed, runs[0]?.status === 'fulfilled' ? 1 : 2);
  for (const item of manifest.items)
    assert.equal(await sha256File(path.join(out, item.output ?? '')), item.sha256, item.id);
});

test('a rerun is refused while a job holds the run folder, and the item is left alone', async () => {
  const root = fresh();
  const dataset = await makeDataset(root, { perClass: 1 });
  const out = path.join(root, 'out');
  await runPlan(await planFor(dataset, out));
  const manifestPath = path.join(out, 'maskmedpaint.json');
  const before = await readManifest(manifestPath);
  const holder = await RunLock.acquire(out, 'maskmedpaint augment');
  await assert.rejects(
    rerunItem(manifestPath, 'benign/img_0__0', dataset.masks),
    /in use by maskmedpaint augment/,
  );
  assert.deepEqual(await readManifest(manifestPath), before);
  await holder.release();
});

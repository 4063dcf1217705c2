import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { JobEvent } from '../../../src/shared/jobEvents';
import { readManifest, writeManifest } from '../../../src/core/jobs/manifestStore';
import { makeDataset } from './helpers/makeDataset';
import { planFor, runPlan, withoutOutputStat } from './helpers/runHelpers';
import { freshTempDirs } from '../helpers/tempDir';

const fresh = freshTempDirs('resume-trust');

const regenerated = (events: readonly JobEvent[]): string[] =>
  events.flatMap((event) => (event.type === 'itemDone' ? [event.id] : []));

type Rerun = (options?: Parameters<typeof runPlan>[1]) => ReturnType<typeof runPlan>;

/** A finished run of 8 items: its folder, manifest path, and how to run it again. */
async function finishedRun(): Promise<{ out: string; manifestPath: string; rerun: Rerun }> {
  const root = fresh();
  const dataset = await makeDataset(root);
  const out = path.join(root, 'out');
  await runPlan(await planFor(dataset, out));
  const rerun: Rerun = async (options) => runPlan(await planFor(dataset, out), options);
  return { out, manifestPath: path.join(out, 'maskmedpaint.json'), rerun };
}

test('every output records its size, modification and change time as written', async () => {
  const { out, manifestPath } = await finishedRun();
  for (const item of (await readManifest(manifestPath)).items) {
    const stat = statSync(path.join(out, item.output ?? ''));
    assert.deepEqual(item.outputStat, {
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      ctimeMs: stat.ctimeMs,
    });
  }
});

test('resuming a finished run reads no output whose file state matches; --verify reads them all', async () => {
  const { manifestPath, rerun } = await finishedRun();
  const manifest = await readManifest(manifestPath);
  // A recorded hash no file has: only reading the output would notice.
  const wrong = '0'.repeat(64);
  const tampered = manifest.items.map((item, index) =>
    index === 2 ? { ...item, sha256: wrong } : item,
  );
  await writeManifest(manifestPath, { ...manifest, items: tampered });
  const trusted = await rerun();
  assert.deepEqual([trusted.summary.skipped, trusted.summary.done], [8, 0]);
  const verified = await rerun({ verifyOutputs: true });
  assert.deepEqual(regenerated(verified.events), [manifest.items[2]?.id]);
  const after = await readManifest(manifestPath);
  assert.equal(after.items[2]?.sha256, manifest.items[2]?.sha256, 'the real hash again');
});

test('an output rewritten in place with its old size and modification time is hashed and regenerated', async () => {
  const { out, manifestPath, rerun } = await finishedRun();
  const manifest = await readManifest(manifestPath);
  const item = manifest.items[1];
  const file = path.join(out, item?.output ?? '');
  // A whole-millisecond modification time, so setting it again gives exactly the same value.
  const mtime = new Date(2020, 0, 1, 12, 0, 0, 250);
  utimesSync(file, mtime, mtime);
  const asRecorded = statSync(file);
  const items = manifest.items.map((entry, index) =>
    index === 1
      ? {
          ...entry,
          outputStat: {
            size: asRecorded.size,
            mtimeMs: asRecorded.mtimeMs,
            ctimeMs: asRecorded.ctimeMs,
          },
        }
      : entry,
  );
  await writeManifest(manifestPath, { ...manifest, items });
  const bytes = readFileSync(file);
  bytes[bytes.length - 20] = (bytes[bytes.length - 20] ?? 0) ^ 0xff;
  writeFileSync(file, bytes);
  utimesSync(file, mtime, mtime);
  const edited = statSync(file);
  assert.deepEqual([edited.size, edited.mtimeMs], [asRecorded.size, asRecorded.mtimeMs]);
  const { events } = await rerun();
  assert.deepEqual(regenerated(events), [item?.id]);
  assert.notDeepEqual(readFileSync(file), bytes);
});

test('an output whose state changed but whose bytes did not is kept, with its new state recorded', async () => {
  const { out, manifestPath, rerun } = await finishedRun();
  const before = await readManifest(manifestPath);
  const item = before.items[0];
  const file = path.join(out, item?.output ?? '');
  utimesSync(file, new Date(2001, 0, 1), new Date(2001, 0, 1));
  const { summary } = await rerun();
  assert.deepEqual([summary.skipped, summary.done], [8, 0]);
  const after = await readManifest(manifestPath);
  assert.equal(after.items[0]?.outputStat?.mtimeMs, new Date(2001, 0, 1).getTime());
  assert.deepEqual(after.items.map(withoutOutputStat), before.items.map(withoutOutputStat));
});

test('records written before output states existed are hashed once and then carry one', async () => {
  const { manifestPath, rerun } = await finishedRun();
  const manifest = await readManifest(manifestPath);
  await writeManifest(manifestPath, { ...manifest, items: manifest.items.map(withoutOutputStat) });
  const { summary } = await rerun();
  assert.deepEqual([summary.skipped, summary.done], [8, 0]);
  const after = await readManifest(manifestPath);
  assert.deepEqual(
    after.items.map((i) => i.outputStat),
    manifest.items.map((i) => i.outputStat),
  );
});

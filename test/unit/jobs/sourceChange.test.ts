import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import type { JobEvent } from '../../../src/shared/jobEvents';
import type { Manifest } from '../../../src/shared/manifest';
import { readManifest, writeManifest } from '../../../src/core/jobs/manifestStore';
import { hashTree, makeDataset } from './helpers/makeDataset';
import { planFor, runPlan, withoutOutputStat } from './helpers/runHelpers';

const EDITED = 'benign/img_0.png';
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A finished run on a fresh dataset. */
async function finishedRun() {
  const root = mkdtempSync(path.join(tmpdir(), 'mmp-source-change-'));
  const dataset = await makeDataset(root);
  const out = path.join(root, 'out');
  await runPlan(await planFor(dataset, out));
  const manifestPath = path.join(out, 'maskmedpaint.json');
  return { root, dataset, out, manifestPath, before: await readManifest(manifestPath) };
}

const plannedOf = (events: JobEvent[]) => {
  const planned = events.find((event) => event.type === 'planned');
  assert.ok(planned?.type === 'planned');
  return planned;
};
const idsOf = (events: JobEvent[], type: 'itemDone' | 'itemSkipped' | 'itemFailed'): string[] =>
  events.flatMap((event) => (event.type === type ? [event.id] : []));

test('every generated item records the fingerprint of the source file it was made from', async () => {
  const { dataset, before } = await finishedRun();
  assert.equal(before.items.length, 8);
  for (const item of before.items) {
    const file = path.join(dataset.root, 'out', ...item.source.split('/'));
    const stats = statSync(file);
    assert.deepEqual(item.sourceFingerprint, {
      size: stats.size,
      mtimeMs: stats.mtimeMs,
      sha256: sha(file),
    });
  }
});

test('a source edited in place is regenerated on resume, reported, and matches a fresh run', async () => {
  const { root, dataset, out, manifestPath, before } = await finishedRun();
  // A new lesion colour: the key region is what the composite keeps, so the outputs must change.
  await sharp({ create: { width: 32, height: 32, channels: 3, background: '#c83c1e' } })
    .png()
    .toFile(path.join(dataset.source, EDITED));
  const sourcesBefore = hashTree(dataset.source);

  const { summary, events } = await runPlan(await planFor(dataset, out));
  assert.deepEqual(plannedOf(events).changedSources, [
    { source: `../source/${EDITED}`, reason: 'its size changed', items: 2 },
  ]);
  assert.deepEqual(idsOf(events, 'itemDone'), ['benign/img_0__0', 'benign/img_0__1']);
  assert.equal(summary.skipped, 6);
  assert.deepEqual(hashTree(dataset.source), sourcesBefore, 'sources are never written');

  // Same bytes and records as a run that only ever saw the edited source.
  await runPlan(await planFor(dataset, path.join(root, 'reference')));
  const reference = await readManifest(path.join(root, 'reference', 'maskmedpaint.json'));
  const after = await readManifest(manifestPath);
  assert.deepEqual(after.items.map(withoutOutputStat), reference.items.map(withoutOutputStat));
  for (const id of ['benign/img_0__0', 'benign/img_0__1']) {
    const was = before.items.find((item) => item.id === id);
    const now = after.items.find((item) => item.id === id);
    assert.notEqual(now?.sha256, was?.sha256, `${id} was regenerated`);
    assert.equal(sha(path.join(out, now?.output ?? '')), now?.sha256);
  }
});

test('the same bytes under a newer time (touch, copy) are not regenerated; the new time is recorded', async () => {
  const { dataset, out, manifestPath, before } = await finishedRun();
  const file = path.join(dataset.source, EDITED);
  const later = new Date(statSync(file).mtimeMs + 60_000);
  utimesSync(file, later, later);

  const { summary, events } = await runPlan(await planFor(dataset, out));
  assert.equal(plannedOf(events).changedSources, undefined);
  assert.equal(summary.skipped, 8);
  const after = await readManifest(manifestPath);
  const item = after.items.find((candidate) => candidate.id === 'benign/img_0__0');
  const was = before.items.find((candidate) => candidate.id === 'benign/img_0__0');
  assert.equal(item?.sha256, was?.sha256);
  assert.equal(item?.sourceFingerprint?.mtimeMs, statSync(file).mtimeMs);
  assert.notEqual(item?.sourceFingerprint?.mtimeMs, was?.sourceFingerprint?.mtimeMs);
});

test('when the edited source can no longer be used, its stale outputs are removed, not kept', async () => {
  const { dataset, out, manifestPath, before } = await finishedRun();
  writeFileSync(path.join(dataset.source, EDITED), 'no longer a PNG');
  const stale = before.items
    .filter((item) => item.id.startsWith('benign/img_0__'))
    .map((item) => path.join(out, item.output ?? ''));
  assert.ok(stale.every((file) => existsSync(file)));

  const { events } = await runPlan(await planFor(dataset, out));
  assert.deepEqual(plannedOf(events).changedSources, [
    { source: `../source/${EDITED}`, reason: 'its size changed', items: 2 },
  ]);
  assert.deepEqual(idsOf(events, 'itemFailed'), ['benign/img_0__0', 'benign/img_0__1']);
  assert.ok(
    stale.every((file) => !existsSync(file)),
    'no image of the old source is left',
  );
  const after = await readManifest(manifestPath);
  const failed = after.items.filter((item) => item.status === 'failed');
  assert.deepEqual(
    failed.map((item) => [item.id, item.output, item.sourceFingerprint]),
    [
      ['benign/img_0__0', null, undefined],
      ['benign/img_0__1', null, undefined],
    ],
  );
});

test('a manifest written before fingerprints existed still loads and resumes (its outputs are kept)', async () => {
  const { dataset, out, manifestPath, before } = await finishedRun();
  const old: Manifest = {
    ...before,
    inputs: (({ targetMasks: _targetMasks, ...rest }) => rest)(before.inputs),
    items: before.items.map(({ sourceFingerprint: _fingerprint, ...rest }) => rest),
  };
  await writeManifest(manifestPath, old);
  assert.ok(!readFileSync(manifestPath, 'utf8').includes('sourceFingerprint'));

  const { summary, events } = await runPlan(await planFor(dataset, out));
  assert.equal(summary.skipped, 8);
  assert.equal(plannedOf(events).changedSources, undefined);
  const after = await readManifest(manifestPath);
  assert.deepEqual(
    after.items.map((item) => item.sha256),
    before.items.map((item) => item.sha256),
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { readManifest, writeManifest } from '../../../src/core/jobs/manifestStore';
import { decideItem } from '../../../src/core/jobs/reviewDecisions';
import { rerunItem } from '../../../src/core/jobs/rerunItem';
import { JobConfigError } from '../../../src/core/jobs/types';
import { makeDataset } from './helpers/makeDataset';
import { planFor, runPlan } from './helpers/runHelpers';

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

async function finishedRun(): Promise<{ out: string; manifestPath: string }> {
  const root = mkdtempSync(path.join(tmpdir(), 'mmp-rerun-'));
  const dataset = await makeDataset(root, { perClass: 1 });
  const out = path.join(root, 'out');
  await runPlan(await planFor(dataset, out));
  return { out, manifestPath: path.join(out, 'maskmedpaint.json') };
}

test('rerun with an edited mask replaces that output, resets its review and leaves the others alone', async () => {
  const { out, manifestPath } = await finishedRun();
  await decideItem(manifestPath, 'benign/img_0__0', 'rejected', { note: 'lesion cut off' });
  const before = await readManifest(manifestPath);
  // The edited mask keeps a smaller, off-centre square.
  const edited = path.join(out, 'edited-masks', 'img_0__0.png');
  mkdirSync(path.dirname(edited));
  const data = Buffer.alloc(32 * 32);
  for (let y = 4; y < 12; y++) for (let x = 4; x < 12; x++) data[y * 32 + x] = 255;
  await sharp(data, { raw: { width: 32, height: 32, channels: 1 } })
    .png()
    .toFile(edited);

  const result = await rerunItem(manifestPath, 'benign/img_0__0', edited);
  assert.ok(result.ok, result.ok ? '' : result.error);
  const after = await readManifest(manifestPath);
  const item = after.items.find((i) => i.id === 'benign/img_0__0')!;
  const old = before.items.find((i) => i.id === 'benign/img_0__0')!;
  assert.equal(item.mask, 'edited-masks/img_0__0.png');
  assert.equal(item.status, 'pending');
  assert.notEqual(item.sha256, old.sha256);
  // The rejection was about the old image: recorded, not applied to the new one.
  assert.deepEqual(item.review?.staleDecision, { status: 'rejected', sha256: old.sha256 });
  assert.equal(sha(path.join(out, item.output!)), item.sha256);
  assert.equal(item.maskCoverage, 64 / 1024);
  assert.deepEqual(
    after.items.filter((i) => i.id !== 'benign/img_0__0'),
    before.items.filter((i) => i.id !== 'benign/img_0__0'),
  );
});

test('a rerun records a decision the manifest alone held as stale (no journal line to fold)', async () => {
  const { out, manifestPath } = await finishedRun();
  const manifest = await readManifest(manifestPath);
  const old = manifest.items.find((i) => i.id === 'benign/img_0__0')!;
  // A manifest written before the decisions journal existed: the decision is only in the file.
  old.status = 'approved';
  old.review = { decidedAt: '2025-01-01T00:00:00.000Z', decidedBy: 'os:alice' };
  await writeManifest(manifestPath, manifest);
  const result = await rerunItem(manifestPath, old.id, path.join(out, old.mask!));
  assert.ok(result.ok, result.ok ? '' : result.error);
  const written = JSON.parse(readFileSync(manifestPath, 'utf8')) as typeof manifest;
  const item = written.items.find((i) => i.id === old.id)!;
  assert.equal(item.status, 'pending');
  assert.deepEqual(item.review, {
    decidedAt: '2025-01-01T00:00:00.000Z',
    decidedBy: 'os:alice',
    staleDecision: { status: 'approved', sha256: old.sha256 },
  });
  // Re-running a pending item leaves no review behind.
  const again = await rerunItem(manifestPath, 'benign/img_0__1', path.join(out, old.mask!));
  assert.ok(again.ok);
  const second = JSON.parse(readFileSync(manifestPath, 'utf8')) as typeof manifest;
  assert.equal(second.items.find((i) => i.id === 'benign/img_0__1')!.review, undefined);
});

test('a rerun that fails keeps the old image and record; unknown items are configuration errors', async () => {
  const { out, manifestPath } = await finishedRun();
  const before = readFileSync(manifestPath, 'utf8');
  const broken = path.join(out, 'broken-mask.png');
  writeFileSync(broken, 'not a png');
  const result = await rerunItem(manifestPath, 'benign/img_0__1', broken);
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.error, /^mask \[notAnImage\]/);
  assert.equal(readFileSync(manifestPath, 'utf8'), before);
  await assert.rejects(rerunItem(manifestPath, 'nope__0', broken), JobConfigError);
});

test('a rerun never writes outside the run folder, whatever output the manifest names', async () => {
  const { out, manifestPath } = await finishedRun();
  const manifest = await readManifest(manifestPath);
  const item = manifest.items.find((i) => i.id === 'benign/img_0__0')!;
  item.output = '../escaped.png';
  await writeManifest(manifestPath, manifest);
  await assert.rejects(
    rerunItem(manifestPath, item.id, path.join(out, item.mask!)),
    (error: Error) =>
      error instanceof JobConfigError && /outside the run folder/.test(error.message),
  );
  assert.equal(existsSync(path.join(out, '..', 'escaped.png')), false);
});

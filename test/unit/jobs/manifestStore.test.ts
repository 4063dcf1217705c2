import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Manifest } from '../../../src/shared/manifest';
import {
  ManifestError,
  readManifest,
  serializeManifest,
  writeCsvs,
  writeManifest,
} from '../../../src/core/jobs/manifestStore';
import { ReviewError, decideItem } from '../../../src/core/jobs/reviewDecisions';
import { resolveRecipe } from '../../../src/core/recipe/resolveRecipe';
import { freshTempDirs } from '../helpers/tempDir';

const fresh = freshTempDirs('manifest');

function sampleManifest(): Manifest {
  return {
    schemaVersion: 1,
    tool: { name: 'maskmedpaint', version: '0.1.0' },
    createdAt: '2026-01-02T03:04:05.678Z',
    recipe: resolveRecipe('dermoscopy', { engine: 'composite' }),
    model: null,
    inputs: {
      source: '../src',
      target: '../target',
      masks: '../masks',
      labels: null,
      targetMasks: '../target-masks',
      counts: {
        sources: 2,
        targets: 1,
        masks: 2,
        skippedNonImages: 0,
        sourcesWithoutMask: 0,
        unmatchedMasks: 0,
      },
    },
    items: [
      {
        id: 'a__0',
        source: '../src/benign/a.png',
        mask: '../masks/benign/a.png',
        label: 'benign, "quoted"',
        target: '../target/t.png',
        seed: 123,
        output: 'images/benign_ _quoted_/a__k0.png',
        sha256: 'a'.repeat(64),
        status: 'pending',
        error: null,
        maskCoverage: 0.25,
        maskComponents: 1,
        targetMask: '../target-masks/t.png',
        // A fractional time, as Node reports it: it must survive the JSON round trip exactly.
        sourceFingerprint: { size: 1234, mtimeMs: 1767323045678.1235, sha256: 'b'.repeat(64) },
      },
      {
        id: 'b__0',
        source: '../src/benign/b.png',
        mask: null,
        label: 'benign',
        target: '../target/t.png',
        seed: 9,
        output: null,
        sha256: null,
        status: 'failed',
        error: 'source [truncated]: Cannot read image',
      },
    ],
  };
}

function problemsOf(error: unknown): readonly string[] {
  assert.ok(error instanceof ManifestError, `expected ManifestError, got ${String(error)}`);
  return error.problems;
}

test('round trip: write then read gives the same value and the same bytes again', async () => {
  const file = path.join(fresh(), 'maskmedpaint.json');
  const manifest = sampleManifest();
  await writeManifest(file, manifest);
  const text = readFileSync(file, 'utf8');
  const read = await readManifest(file);
  assert.deepEqual(read, manifest);
  assert.equal(serializeManifest(read), text);
  assert.ok(text.endsWith('}\n'), 'trailing newline');
  assert.match(text, /^\{\n {2}"createdAt"/, '2-space indent, keys sorted');
  assert.deepEqual(readdirSync(path.dirname(file)), ['maskmedpaint.json'], 'no temp file left');
});

test('key order does not depend on how the object was built', () => {
  const manifest = sampleManifest();
  const reordered = Object.fromEntries(Object.entries(manifest).reverse()) as unknown as Manifest;
  assert.equal(serializeManifest(reordered), serializeManifest(manifest));
});

test('validation errors name the JSON path of each problem', async () => {
  const file = path.join(fresh(), 'maskmedpaint.json');
  const bad = JSON.parse(JSON.stringify(sampleManifest())) as Record<string, unknown> & {
    items: Array<Record<string, unknown>>;
  };
  bad.items[0].sha256 = 'XYZ';
  bad.items[1].output = 'images/b.png';
  bad.items[0].sourceFingerprint = { size: -1, mtimeMs: 0, sha256: 'b'.repeat(64) };
  delete bad.items[0].label;
  bad.schemaVersion = 2;
  writeFileSync(file, JSON.stringify(bad));
  const problems = await readManifest(file).then(
    () => assert.fail('expected an error'),
    (error: unknown) => problemsOf(error),
  );
  const joined = problems.join('\n');
  assert.ok(
    problems.some((p) => p.startsWith('/items/0/sha256:')),
    joined,
  );
  assert.ok(
    problems.some((p) => p.startsWith('/items/0:') && p.includes("'label'")),
    joined,
  );
  assert.ok(
    problems.some((p) => p.startsWith('/items/1/output:')),
    joined,
  );
  assert.ok(
    problems.some((p) => p.startsWith('/items/0/sourceFingerprint/size:')),
    joined,
  );
  assert.ok(
    problems.some((p) => p.startsWith('/schemaVersion:')),
    joined,
  );
});

test('duplicate item ids and non-JSON files are refused', async () => {
  const dir = fresh();
  const dup = sampleManifest();
  dup.items[1].id = 'a__0';
  await assert.rejects(writeManifest(path.join(dir, 'm.json'), dup), (error: unknown) => {
    assert.match(problemsOf(error).join('\n'), /\/items\/1\/id: duplicate id "a__0"/);
    return true;
  });
  writeFileSync(path.join(dir, 'broken.json'), '{"schemaVersion": 1,');
  await assert.rejects(readManifest(path.join(dir, 'broken.json')), (error: unknown) => {
    assert.match(problemsOf(error)[0] ?? '', /not valid JSON/);
    return true;
  });
});

test('decideItem appends the decision with its reviewer, note, time and image hash; readers fold it in', async () => {
  const dir = fresh();
  const file = path.join(dir, 'maskmedpaint.json');
  await writeManifest(file, sampleManifest());
  const manifestBytes = readFileSync(file, 'utf8');
  const when = new Date('2026-05-06T07:08:09.000Z');
  const decision = await decideItem(file, 'a__0', 'rejected', {
    note: 'ruler still visible',
    decidedBy: 'os:alice',
    now: when,
  });
  assert.deepEqual(decision, {
    id: 'a__0',
    status: 'rejected',
    sha256: 'a'.repeat(64),
    decidedAt: when.toISOString(),
    decidedBy: 'os:alice',
    note: 'ruler still visible',
  });
  // One journal line; the manifest itself is not rewritten by a decision.
  assert.equal(readFileSync(file, 'utf8'), manifestBytes);
  const read = await readManifest(file);
  assert.equal(read.items[0]?.status, 'rejected');
  assert.deepEqual(read.items[0]?.review, {
    decidedAt: when.toISOString(),
    decidedBy: 'os:alice',
    note: 'ruler still visible',
  });
  await assert.rejects(decideItem(file, 'nope', 'approved'), ReviewError);
  await assert.rejects(decideItem(file, 'b__0', 'approved'), /failed to generate/);
});

test('CSV: RFC 4180 quoting, header, failed items left out, usable column and training companion', async () => {
  const dir = fresh();
  await writeCsvs(dir, sampleManifest());
  const header = 'output,label,source,status,usable,id,sha256,decidedBy\r\n';
  assert.equal(
    readFileSync(path.join(dir, 'augmented.csv'), 'utf8'),
    header +
      `images/benign_ _quoted_/a__k0.png,"benign, ""quoted""",../src/benign/a.png,pending,false,a__0,${'a'.repeat(64)},\r\n`,
  );
  // Review required (the default) and nothing approved: the training list is empty.
  assert.equal(readFileSync(path.join(dir, 'augmented-for-training.csv'), 'utf8'), header);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Manifest } from '../../../src/shared/manifest';
import {
  ManifestError,
  ReviewError,
  readManifest,
  serializeManifest,
  updateItemReview,
  writeCsv,
  writeManifest,
} from '../../../src/core/jobs/manifestStore';
import { resolveRecipe } from '../../../src/core/recipe/resolveRecipe';
import { parseCsv } from '../../../src/core/util/csv';
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

test('updateItemReview records the decision, note and time, and updates the CSV', async () => {
  const dir = fresh();
  const file = path.join(dir, 'maskmedpaint.json');
  await writeManifest(file, sampleManifest());
  const when = new Date('2026-05-06T07:08:09.000Z');
  const item = await updateItemReview(file, 'a__0', 'rejected', 'ruler still visible', when);
  assert.equal(item.status, 'rejected');
  const read = await readManifest(file);
  assert.deepEqual(read.items[0]?.review, {
    decidedAt: when.toISOString(),
    note: 'ruler still visible',
  });
  const rows = parseCsv(readFileSync(path.join(dir, 'augmented.csv'), 'utf8'));
  assert.deepEqual(rows[1], [
    'images/benign_ _quoted_/a__k0.png',
    'benign, "quoted"',
    '../src/benign/a.png',
    'rejected',
  ]);
  await assert.rejects(updateItemReview(file, 'nope', 'approved'), ReviewError);
  await assert.rejects(updateItemReview(file, 'b__0', 'approved'), /failed to generate/);
});

test('CSV: RFC 4180 quoting, header, failed items left out', async () => {
  const file = path.join(fresh(), 'augmented.csv');
  await writeCsv(file, sampleManifest());
  const text = readFileSync(file, 'utf8');
  assert.equal(
    text,
    'output,label,source,status\r\nimages/benign_ _quoted_/a__k0.png,"benign, ""quoted""",../src/benign/a.png,pending\r\n',
  );
});

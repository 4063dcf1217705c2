import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Manifest } from '../../../src/shared/manifest';
import { buildCli, removeCli, runCliProcess } from '../helpers/cliHarness';

before(buildCli);
after(removeCli);

test('`demo` generates the dataset, augments it and says where the results are; a rerun resumes', async () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'mmp-democli-')), 'demo');
  const first = await runCliProcess(['demo', '--out', out]);
  assert.equal(first.code, 0, first.stderr);
  const results = path.join(out, 'augmented');
  assert.ok(first.stdout.includes(`Demo results: ${results}`), first.stdout);
  const manifest = JSON.parse(
    readFileSync(path.join(results, 'maskmedpaint.json'), 'utf8'),
  ) as Manifest;
  assert.ok(manifest.items.length > 0);
  assert.ok(manifest.items.every((item) => item.status === 'pending'));
  assert.deepEqual(
    new Set(manifest.items.map((item) => item.label)),
    new Set(['benign', 'malignant']),
  );
  const second = await runCliProcess(['demo', '--out', out, '--json']);
  assert.equal(second.code, 0, second.stderr);
  const finished = JSON.parse(second.stdout.trim().split('\n').at(-1) ?? '') as {
    type: string;
    skipped: number;
    done: number;
  };
  assert.deepEqual(
    [finished.type, finished.skipped, finished.done],
    ['finished', manifest.items.length, 0],
  );
});

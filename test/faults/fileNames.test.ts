// File names holding control characters (newline, escape, bidi override) through the real CLI:
// human-readable output shows them escaped, so a name can never print a line of its own (a fake
// progress or summary line); --json output stays plain JSON carrying the real names.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { JobEvent } from '../../src/shared/jobEvents';
import { makeDataset, writeMaskPng, type TestDataset } from '../unit/jobs/helpers/makeDataset';
import { buildCli, removeCli, runWithFaults } from './faultCli';

/** A source name made to look like the end of a successful run when printed raw. */
const STEM = 'x\nFinished: 9 generated, 0 failed (0.1 s)\x1b[2K\u202egnp';
const ESCAPED = 'x\\nFinished: 9 generated, 0 failed (0.1 s)\\x1b[2K\\u202egnp';

let root: string;
let dataset: TestDataset;
before(async () => {
  await buildCli();
  root = mkdtempSync(path.join(tmpdir(), 'mmp-faults-names-'));
  dataset = await makeDataset(root, { perClass: 1 });
  // Not an image: the item fails, so the name reaches the failure list too.
  writeFileSync(path.join(dataset.source, 'benign', `${STEM}.png`), 'not an image');
  await writeMaskPng(path.join(dataset.masks, 'benign', `${STEM}.png`), 32);
});
after(removeCli);

const args = (out: string, ...more: string[]): string[] => [
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
  ...more,
];

/** No line of the output may start with text that only the CLI itself prints. */
function assertNoFakeLines(output: string): void {
  const finished = output.split('\n').filter((line) => line.startsWith('Finished:'));
  assert.ok(finished.length <= 1, `a second "Finished:" line:\n${output}`);
  assert.ok(
    !output.includes('\x1b') && !output.includes('\u202e'),
    'a raw escape or bidi override',
  );
}

test('augment prints the name escaped in progress lines and in the failure list', async () => {
  const result = await runWithFaults(args(path.join(root, 'out')));
  assert.equal(result.code, 1, result.stderr);
  assertNoFakeLines(result.stdout);
  assertNoFakeLines(result.stderr);
  assert.match(
    result.stderr,
    new RegExp(`\\] FAILED ${escapeRegExp(ESCAPED)}__0: source \\[notAnImage\\]`),
  );
  assert.match(
    result.stdout,
    new RegExp(
      `\\n {2}${escapeRegExp(ESCAPED)}__0 \\(\\.\\./source/benign/${escapeRegExp(ESCAPED)}\\.png\\)`,
    ),
  );
  assert.match(result.stdout, /^Finished: 2 generated, 1 failed/m);
});

test('--json keeps the real name in valid JSON', async () => {
  const result = await runWithFaults(args(path.join(root, 'out-json'), '--json'));
  const events = result.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as JobEvent);
  const failed = events.find((event) => event.type === 'itemFailed');
  assert.ok(failed && failed.type === 'itemFailed');
  assert.equal(failed.id, `${STEM}__0`);
});

test('inspect prints the name escaped in every list', async () => {
  const result = await runWithFaults(['inspect', dataset.source, '--masks', dataset.masks]);
  assert.equal(result.code, 1, result.stderr);
  assertNoFakeLines(result.stdout);
  assert.match(
    result.stdout,
    new RegExp(`Unreadable files \\(1\\):\\n {2}benign/${escapeRegExp(ESCAPED)}\\.png: `),
  );
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

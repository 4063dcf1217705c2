import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { CompactionQueue } from '../../../src/core/jobs/compactDecisions';
import {
  appendDecision,
  decisionsPath,
  readDecisions,
  type ReviewDecision,
} from '../../../src/core/jobs/decisionJournal';
import { readManifest } from '../../../src/core/jobs/manifestStore';
import { recordDecision } from '../../../src/core/jobs/reviewDecisions';
import { buildReviewCaseRun } from '../helpers/reviewCases';
import { freshTempDirs } from '../helpers/tempDir';

const fresh = freshTempDirs('journal');

const decision = (id: string, status: ReviewDecision['status'] = 'approved'): ReviewDecision => ({
  id,
  status,
  sha256: 'a'.repeat(64),
  decidedAt: '2026-03-04T05:06:07.000Z',
  decidedBy: 'os:alice',
});

test('a line torn by a crash cannot swallow the next decision', async () => {
  const dir = fresh();
  await appendDecision(dir, decision('a__0'));
  appendFileSync(decisionsPath(dir), '{"id":"b__0","sta');
  await appendDecision(dir, decision('c__0', 'rejected'));
  const read = await readDecisions(dir);
  assert.deepEqual(
    read.decisions.map((d) => [d.id, d.status]),
    [
      ['a__0', 'approved'],
      ['c__0', 'rejected'],
    ],
  );
  assert.equal(read.malformed.length, 1);
  assert.match(read.malformed[0] ?? '', /not valid JSON/);
});

test('incremental reads return only new complete lines; a line still being written waits', async () => {
  const dir = fresh();
  await appendDecision(dir, decision('a__0'));
  const first = await readDecisions(dir);
  assert.equal(first.decisions.length, 1);
  appendFileSync(decisionsPath(dir), JSON.stringify(decision('b__0')));
  const partial = await readDecisions(dir, first.nextOffset);
  assert.deepEqual(partial.decisions, []);
  assert.equal(partial.nextOffset, first.nextOffset);
  appendFileSync(decisionsPath(dir), '\n');
  const next = await readDecisions(dir, partial.nextOffset);
  assert.deepEqual(
    next.decisions.map((d) => d.id),
    ['b__0'],
  );
  // A journal replaced by a shorter one is read again from the start.
  writeFileSync(decisionsPath(dir), `${JSON.stringify(decision('c__0'))}\n`);
  assert.deepEqual(
    (await readDecisions(dir, next.nextOffset)).decisions.map((d) => d.id),
    ['c__0'],
  );
});

test('concurrent decisions are all kept, one line each', async () => {
  const dir = fresh();
  await Promise.all(
    Array.from({ length: 40 }, (_, i) => appendDecision(dir, decision(`item${i}__0`))),
  );
  const read = await readDecisions(dir);
  assert.equal(read.decisions.length, 40);
  assert.deepEqual(read.malformed, []);
  assert.equal(new Set(read.decisions.map((d) => d.id)).size, 40);
});

test('a decision neither reads nor writes the manifest (its cost does not grow with the run)', async () => {
  const dir = fresh();
  // No manifest at all, or an unreadable one: recording still works, and touches nothing else.
  writeFileSync(path.join(dir, 'maskmedpaint.json'), 'not read');
  const recorded = await recordDecision(
    dir,
    { id: 'a__0', status: 'pending', sha256: 'b'.repeat(64) },
    'rejected',
    { note: 'seam', decidedBy: 'github:octocat', now: new Date('2026-03-04T05:06:07Z') },
  );
  assert.equal(readFileSync(path.join(dir, 'maskmedpaint.json'), 'utf8'), 'not read');
  assert.equal(
    readFileSync(decisionsPath(dir), 'utf8'),
    `${JSON.stringify({
      id: 'a__0',
      status: 'rejected',
      note: 'seam',
      decidedAt: '2026-03-04T05:06:07.000Z',
      decidedBy: 'github:octocat',
      sha256: 'b'.repeat(64),
    })}\n`,
  );
  assert.equal(recorded.decidedBy, 'github:octocat');
  await assert.rejects(
    recordDecision(dir, { id: 'f__0', status: 'failed', sha256: null }, 'approved'),
    /failed to generate/,
  );
  await assert.rejects(
    appendDecision(dir, { ...decision('x__0'), sha256: 'short' }),
    /invalid review decision: sha256 must be 64 lower-case hex digits/,
  );
  assert.equal(existsSync(path.join(dir, '.maskmedpaint.lock')), false);
});

test('compaction requests made while one runs are coalesced into one more', async () => {
  const calls: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const queue = new CompactionQueue(
    async (manifestPath) => {
      calls.push(manifestPath);
      if (calls.length === 1) await gate;
      return 'compacted';
    },
    () => assert.fail('no error expected'),
  );
  const first = queue.request('/run/maskmedpaint.json');
  const more = [1, 2, 3].map(() => queue.request('/run/maskmedpaint.json'));
  release();
  await Promise.all([first, ...more]);
  assert.deepEqual(calls, ['/run/maskmedpaint.json', '/run/maskmedpaint.json']);
});

test('a journal that is not a regular file (a FIFO) is a clear error when read or appended to, never a hang', async () => {
  const dir = fresh();
  const manifestPath = await buildReviewCaseRun(dir, true);
  const runDir = path.dirname(manifestPath);
  rmSync(decisionsPath(runDir));
  // Reading a FIFO would block until a writer comes; Windows has none, a folder stands in.
  if (spawnSync('mkfifo', [decisionsPath(runDir)]).status !== 0) mkdirSync(decisionsPath(runDir));
  await assert.rejects(
    readManifest(manifestPath),
    /cannot read its review decisions journal \(.*is not a regular file\)/,
  );
  await assert.rejects(appendDecision(runDir, decision('a__0')), /not a regular file|EISDIR/);
});

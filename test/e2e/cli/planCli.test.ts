import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RunLock } from '../../../src/core/jobs/runLock';
import { freshTempDirs } from '../../unit/helpers/tempDir';
import { makeDataset, writeRgbPng, type TestDataset } from '../../unit/jobs/helpers/makeDataset';
import { assertSameRun } from '../../unit/plan/planHelpers';
import { buildCli, removeCli, runCliProcess } from '../helpers/cliHarness';

before(buildCli);
after(removeCli);
const tempDir = freshTempDirs('cli-plan');

const runArgs = (dataset: TestDataset): string[] => [
  '--source',
  dataset.source,
  '--target',
  dataset.target,
  '--masks',
  dataset.masks,
  '--per-image',
  '2',
  '--blend',
  'alpha',
];

async function planned(
  shards: number,
  perClass = 2,
): Promise<{ root: string; dataset: TestDataset; plan: string }> {
  const root = tempDir();
  const dataset = await makeDataset(root, { perClass });
  const result = await runCliProcess([
    'plan',
    ...runArgs(dataset),
    '--out',
    path.join(root, 'merged'),
    '--shards',
    String(shards),
    '--slurm',
    '--json',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const written = JSON.parse(result.stdout) as { planPath: string; submitScript: string };
  assert.equal(written.planPath, path.join(root, 'merged-plan', 'maskmedpaint-plan.json'));
  assert.ok(existsSync(written.submitScript));
  return { root, dataset, plan: written.planPath };
}

test('plan, run each shard, status and merge give the run one `augment` gives', async () => {
  const { root, dataset, plan } = await planned(2);
  // --jobs (threads) and --verify say how to run, not what: a shard takes them.
  const shard0 = await runCliProcess(['augment', '--plan', plan, '--shard', '0', '--jobs', '1']);
  assert.equal(shard0.code, 0, shard0.stderr);
  assert.match(shard0.stdout, /^Shard 0 of 2 finished: 4 generated, 0 failed, 0 already done$/m);
  const again = await runCliProcess(['augment', '--plan', plan, '--shard', '0', '--verify']);
  assert.match(again.stdout, /^Shard 0 of 2 finished: 0 generated, 0 failed, 4 already done$/m);
  assert.equal((await runCliProcess(['status', '--plan', plan, '--todo'])).stdout, '1\n');
  // The shard runs under the plan's creation time (the key of derived DICOM UIDs).
  const createdAt = (file: string): unknown =>
    (JSON.parse(readFileSync(file, 'utf8')) as { createdAt: unknown }).createdAt;
  assert.equal(
    createdAt(path.join(path.dirname(plan), 'shards', 'shard-000', 'maskmedpaint.json')),
    createdAt(plan),
  );
  const early = await runCliProcess(['merge', '--plan', plan]);
  assert.equal(early.code, 2);
  assert.match(
    early.stderr,
    /1 of 2 shards have not finished:\n {2}shard 1: missing \(not started\)/,
  );
  assert.equal(
    (await runCliProcess(['augment', '--plan', plan, '--shard', '1', '--json', '--jobs', '2']))
      .code,
    0,
  );
  const status = JSON.parse((await runCliProcess(['status', '--plan', plan, '--json'])).stdout) as {
    todo: string;
    shards: Array<{ state: string }>;
  };
  assert.deepEqual([status.todo, status.shards.map((s) => s.state)], ['', ['done', 'done']]);
  const merge = await runCliProcess(['merge', '--plan', plan]);
  assert.equal(merge.code, 0, merge.stderr);
  const single = await runCliProcess([
    'augment',
    ...runArgs(dataset),
    '--out',
    path.join(root, 'single'),
  ]);
  assert.equal(single.code, 0, single.stderr);
  assertSameRun(path.join(root, 'merged'), path.join(root, 'single'));
});

test('--plan takes everything from the plan: a missing --shard, other run options or an unknown shard are usage errors', async () => {
  const { dataset, plan } = await planned(2);
  const noShard = await runCliProcess(['augment', '--plan', plan]);
  assert.equal(noShard.code, 2);
  assert.match(
    noShard.stderr,
    /^error: --plan needs --shard <i> \(the shard's index, 0 for the first\)$/m,
  );
  const extra = await runCliProcess([
    'augment',
    '--plan',
    plan,
    '--shard',
    '0',
    '--source',
    dataset.source,
    '--seed',
    '3',
  ]);
  assert.equal(extra.code, 2);
  assert.match(extra.stderr, /leave out --source, --seed/);
  const unknown = await runCliProcess(['augment', '--plan', plan, '--shard', '7']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no shard 7: the plan has shards 0\.\.1/);
  const noPlan = await runCliProcess(['augment', '--shard', '0']);
  assert.equal(noPlan.code, 2);
  assert.match(noPlan.stderr, /--shard needs --plan/);
});

test('a shard whose inputs changed since planning is refused before anything is written', async () => {
  const { dataset, plan } = await planned(2);
  await writeRgbPng(path.join(dataset.source, 'benign', 'img_1.png'), 32, 42);
  const result = await runCliProcess(['augment', '--plan', plan, '--shard', '0']);
  assert.equal(result.code, 2);
  assert.match(
    result.stderr,
    /shard 0: 1 input\(s\) differ from the plan .*\n {2}\.\.\/source\/benign\/img_1\.png: its content changed since the plan was made/,
  );
  assert.equal(existsSync(path.join(path.dirname(plan), 'shards', 'shard-000')), false);
});

test('SIGTERM (a time limit, scancel) stops a shard resumably: lock released, failed in status, done on rerun', async () => {
  const { plan } = await planned(1, 4);
  // Sent by the shard to itself once it recorded its first item: the run certainly has work left.
  const stopped = await runCliProcess(
    ['augment', '--plan', plan, '--shard', '0', '--json'],
    undefined,
    { signal: 'SIGTERM', when: 'afterJournal', match: '"id":"' },
  );
  assert.equal(stopped.code, 130, stopped.stderr);
  assert.match(stopped.stderr, /SIGTERM: stopping after the current image/);
  const folder = path.join(path.dirname(plan), 'shards', 'shard-000');
  assert.equal(existsSync(RunLock.pathIn(folder)), false);
  const status = await runCliProcess(['status', '--plan', plan]);
  assert.match(status.stdout, /shard 0 {2}failed {3}16 items: stopped after \d+ of 16 items/);
  const rerun = await runCliProcess(['augment', '--plan', plan, '--shard', '0']);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.match(rerun.stdout, /finished: \d+ generated, 0 failed, [1-9]\d* already done/);
  assert.match(readFileSync(path.join(folder, '.maskmedpaint-shard.json'), 'utf8'), /"failed": 0/);
});

test('plan refuses a plan folder among the inputs, an --out holding a run, and more shards than sources', async () => {
  const root = tempDir();
  const dataset = await makeDataset(root, { perClass: 1 });
  const plan = (...extra: string[]): ReturnType<typeof runCliProcess> =>
    runCliProcess(['plan', ...runArgs(dataset), '--shards', '2', ...extra]);
  const inside = await plan(
    '--out',
    path.join(root, 'a'),
    '--plan-dir',
    path.join(dataset.source, 'p'),
  );
  assert.equal(inside.code, 2);
  assert.match(inside.stderr, /--plan-dir \S+ lies inside the source folder/);
  const tooMany = await runCliProcess([
    'plan',
    ...runArgs(dataset),
    '--out',
    path.join(root, 'b'),
    '--shards',
    '3',
  ]);
  assert.equal(tooMany.code, 2);
  assert.match(tooMany.stderr, /--shards: 3 shards need at least 3 source images; the plan has 2/);
  const single = await runCliProcess([
    'augment',
    ...runArgs(dataset),
    '--out',
    path.join(root, 'c'),
  ]);
  assert.equal(single.code, 0, single.stderr);
  const over = await plan('--out', path.join(root, 'c'));
  assert.equal(over.code, 2);
  assert.match(over.stderr, /already holds a run; plan into a new --out/);
});

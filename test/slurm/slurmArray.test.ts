/**
 * A plan's Slurm scripts against a real Slurm (scripts/test-slurm.sh starts it and sets
 * SLURM_CONF): submit.sh submits the shards as an array and a merge that waits for it; a shard
 * that fails is resubmitted alone by running submit.sh again; the merged run equals the
 * single-process run byte for byte.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { buildCli, removeCli, runCliProcess } from '../e2e/helpers/cliHarness';
import { freshTempDirs } from '../unit/helpers/tempDir';
import { makeDataset } from '../unit/jobs/helpers/makeDataset';
import { assertSameRun } from '../unit/plan/planHelpers';

before(buildCli);
after(removeCli);
const tempDir = freshTempDirs('slurm');

/** Runs submit.sh; returns the array job's id (undefined when none) and the merge job's. */
function submit(script: string): { array: string | undefined; merge: string; output: string } {
  const output = execFileSync('bash', [script], { encoding: 'utf8' });
  const array = /submitted shards \S+ as job (\d+)/.exec(output)?.[1];
  const merge = /merge job (\d+) runs/.exec(output)?.[1];
  assert.ok(merge, output);
  return { array, merge, output };
}

/** Waits until Slurm lists none of `jobs` (asked twice a second, for at most five minutes). */
async function waitForJobs(jobs: ReadonlyArray<string | undefined>): Promise<void> {
  const ids = jobs.filter((id): id is string => id !== undefined).join(',');
  for (let asked = 0; asked < 600; asked++) {
    if (execFileSync('squeue', ['-h', '-j', ids, '-o', '%i'], { encoding: 'utf8' }).trim() === '')
      return;
    await delay(500);
  }
  assert.fail(`Slurm jobs ${ids} still queued after five minutes`);
}

test('a 4-shard plan runs as a Slurm array, a failed shard is resubmitted alone, the merge equals one process', async () => {
  assert.ok(process.env.SLURM_CONF, 'run through scripts/test-slurm.sh, which starts Slurm');
  const root = tempDir();
  const dataset = await makeDataset(root, { perClass: 3 });
  const run = ['--source', dataset.source, '--target', dataset.target, '--masks', dataset.masks];
  const single = await runCliProcess(['augment', ...run, '--out', path.join(root, 'single')]);
  assert.equal(single.code, 0, single.stderr);
  const merged = path.join(root, 'merged');
  const planned = await runCliProcess([
    'plan',
    ...run,
    '--out',
    merged,
    '--shards',
    '4',
    '--slurm',
    '--gres',
    'none',
    '--partition',
    'test',
    '--time',
    '0:10:00',
    '--memory',
    '500',
  ]);
  assert.equal(planned.code, 0, planned.stderr);
  const planDir = `${merged}-plan`;
  const plan = path.join(planDir, 'maskmedpaint-plan.json');
  const script = path.join(planDir, 'slurm', 'submit.sh');

  // Shard 2 cannot write its folder (a file stands where it goes): that task fails, so the
  // merge, which waits for every shard to succeed, is cancelled by Slurm.
  const blocker = path.join(planDir, 'shards', 'shard-002');
  mkdirSync(path.dirname(blocker), { recursive: true });
  writeFileSync(blocker, 'in the way');
  const first = submit(script);
  assert.match(first.output, /submitted shards 0-3 as job/);
  await waitForJobs([first.array, first.merge]);
  const todo = await runCliProcess(['status', '--plan', plan, '--todo']);
  assert.equal(todo.stdout, '2\n');
  assert.equal(existsSync(path.join(merged, 'maskmedpaint.json')), false);

  // Fixed: one command resubmits only shard 2, and the merge.
  rmSync(blocker);
  const second = submit(script);
  assert.match(second.output, /submitted shards 2 as job/);
  await waitForJobs([second.array, second.merge]);
  const logs = readdirSync(path.join(planDir, 'slurm', 'logs'));
  assert.deepEqual(
    logs.filter((name) => name.endsWith(`-${second.array}.out`)),
    [`shard-2-${second.array}.out`],
  );
  assertSameRun(merged, path.join(root, 'single'));
  const status = await runCliProcess(['status', '--plan', plan]);
  assert.match(status.stdout, /4 shards, 4 done, 0 running, 0 failed, 0 missing/);
});

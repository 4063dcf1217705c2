/**
 * One writer per run folder, through the real CLI in child processes: a second augment (other
 * seed, or the same command again) and a rerun are refused with exit code 2 naming the holder
 * while a run holds the folder; two runs started together leave one run's manifest matching its
 * images; a lock left by a killed run is taken over.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Manifest } from '../../../src/shared/manifest';
import { sha256File } from '../../../src/core/util/hash';
import { makeDataset, type TestDataset } from '../../unit/jobs/helpers/makeDataset';
import { buildCli, removeCli, runCliProcess, type CliResult } from '../helpers/cliHarness';

let root: string;
let dataset: TestDataset;

before(async () => {
  await buildCli();
  root = mkdtempSync(path.join(os.tmpdir(), 'mmp-cli-lock-'));
  dataset = await makeDataset(root, { perClass: 6, size: 48, targets: 3 });
});
after(removeCli);

const augment = (out: string, seed: number): string[] => [
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
  '2',
  '--seed',
  String(seed),
  '--json',
];

async function assertManifestMatchesImages(out: string): Promise<Manifest> {
  const manifest = JSON.parse(
    readFileSync(path.join(out, 'maskmedpaint.json'), 'utf8'),
  ) as Manifest;
  assert.ok(manifest.items.length > 0);
  for (const item of manifest.items)
    assert.equal(await sha256File(path.join(out, item.output ?? '')), item.sha256, item.id);
  return manifest;
}

test('while a run holds the folder, another seed, the same command and a rerun are refused with exit 2 naming it', async () => {
  const out = path.join(root, 'held');
  let holder: ChildProcess | undefined;
  const refusals: CliResult[] = [];
  let checked: Promise<void> | undefined;
  let waiter: Promise<CliResult> | undefined;
  const itemId = 'benign/img_0__0';
  const first = runCliProcess(
    augment(out, 1),
    (line, child) => {
      const event = JSON.parse(line) as { type: string };
      if (event.type !== 'signalAt' || holder) return;
      // The run froze itself (SIGSTOP) after recording its first item, so it certainly holds
      // the folder, however slowly this process reads its output, while the others meet it there.
      holder = child;
      checked = (async () => {
        refusals.push(await runCliProcess(augment(out, 2)));
        refusals.push(await runCliProcess(augment(out, 1)));
        refusals.push(
          await runCliProcess([
            'rerun',
            path.join(out, 'maskmedpaint.json'),
            itemId,
            '--mask',
            path.join(dataset.masks, 'benign', 'img_0.png'),
          ]),
        );
        // A rerun told to wait takes its turn once the run lets go of the folder. The run is
        // continued only once the rerun says it waits (continued right away, the run could finish
        // before the rerun even started, and it would never have to wait).
        let continued = false;
        const continueRun = (): void => {
          if (continued) return;
          continued = true;
          child.kill('SIGCONT');
        };
        waiter = runCliProcess(
          [
            'rerun',
            path.join(out, 'maskmedpaint.json'),
            itemId,
            '--mask',
            path.join(dataset.masks, 'benign', 'img_0.png'),
            '--wait',
            '300',
          ],
          undefined,
          undefined,
          (stderrSoFar) => {
            if (/note: waiting up to 300 s: /.test(stderrSoFar)) continueRun();
          },
        );
        // A rerun that ended without waiting must not leave the run stopped (the test then fails
        // on its assertions instead of hanging).
        waiter.then(continueRun, continueRun);
      })();
    },
    { signal: 'SIGSTOP', when: 'afterJournal', match: `"id":"${itemId}"` },
  );
  const result = await first;
  await checked;
  assert.equal(result.code, 0, result.stderr);
  assert.equal(refusals.length, 3);
  for (const refusal of refusals) {
    assert.equal(refusal.code, 2, refusal.stderr);
    assert.match(
      refusal.stderr,
      new RegExp(
        `is in use by maskmedpaint augment \\(pid ${holder?.pid ?? -1} on host ${os.hostname()}`,
      ),
    );
    assert.doesNotMatch(refusal.stderr, /internal error/);
  }
  const waited = await waiter;
  assert.equal(waited?.code, 0, waited?.stderr);
  assert.match(
    waited?.stderr ?? '',
    /note: waiting up to 300 s: .* is in use by maskmedpaint augment/,
  );
  const manifest = await assertManifestMatchesImages(out);
  assert.equal(manifest.recipe.seed, 1);
  assert.equal(existsSync(path.join(out, '.maskmedpaint.lock')), false);
});

test('two runs with different seeds started together: one finishes, the other exits 2, the manifest matches the images', async () => {
  const out = path.join(root, 'together');
  const [a, b] = await Promise.all([
    runCliProcess(augment(out, 1)),
    runCliProcess(augment(out, 2)),
  ]);
  assert.deepEqual([a.code, b.code].sort(), [0, 2], `${a.stderr}\n${b.stderr}`);
  const [winner, loser] = a.code === 0 ? [1, b] : [2, a];
  // Refused by the lock, or (had the winner finished first) by the recipe check: never mixed.
  assert.match(loser.stderr, /is in use by maskmedpaint augment|different recipe/);
  assert.doesNotMatch(loser.stderr, /internal error/);
  const manifest = await assertManifestMatchesImages(out);
  assert.equal(manifest.recipe.seed, winner);
});

test('a lock left by a process that died is taken over by the next run', async () => {
  const out = path.join(root, 'stale');
  const dead = spawnSync(process.execPath, ['-e', '']);
  const lockPath = path.join(out, '.maskmedpaint.lock');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    lockPath,
    JSON.stringify({
      holder: 'maskmedpaint augment',
      pid: dead.pid,
      host: os.hostname(),
      user: 'someone',
      startedAt: '2026-01-01T00:00:00.000Z',
      nonce: 'f'.repeat(24),
    }),
  );
  const result = await runCliProcess(augment(out, 1));
  assert.equal(result.code, 0, result.stderr);
  assert.equal(existsSync(lockPath), false);
  await assertManifestMatchesImages(out);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatLockRecord, newLockRecord } from '../../../src/core/jobs/lockRecord';
import { RunLock } from '../../../src/core/jobs/runLock';
import { markerPath, readShardMarker, writeShardMarker } from '../../../src/core/plan/shardMarker';
import { planStatus } from '../../../src/core/plan/shardStatus';
import { shardFolder } from '../../../src/core/plan/planFile';
import { freshTempDirs } from '../helpers/tempDir';
import { makeDataset } from '../jobs/helpers/makeDataset';
import { runTestShard, writeTestPlan } from './planHelpers';

const tempDir = freshTempDirs('plan-status');

test('status tells done, running, failed (items failed, stopped, another plan) and missing shards', async () => {
  const root = tempDir();
  const dataset = await makeDataset(root, { perClass: 3 });
  const loaded = await writeTestPlan(dataset, path.join(root, 'out'), path.join(root, 'plan'), 6);
  const states = async (): Promise<string[]> =>
    (await planStatus(loaded)).map((s) => `${s.state}: ${s.detail}`);
  assert.deepEqual(await states(), Array(6).fill('missing: not started'));

  await runTestShard(loaded, 0); // done
  // 1: a live process (this one) holds the folder.
  mkdirSync(shardFolder(loaded, 1), { recursive: true });
  const lock = await RunLock.acquire(shardFolder(loaded, 1), 'maskmedpaint augment');
  // 2: killed after its manifest: no marker.
  await runTestShard(loaded, 2);
  rmSync(markerPath(shardFolder(loaded, 2)));
  // 3: finished, with a failed item.
  await runTestShard(loaded, 3);
  const marker = await readShardMarker(shardFolder(loaded, 3));
  assert.ok(marker);
  await writeShardMarker(shardFolder(loaded, 3), { ...marker, generated: 1, failed: 1 });
  // 4: finished for another plan.
  await runTestShard(loaded, 4);
  await writeShardMarker(shardFolder(loaded, 4), { ...marker, shard: 4, planId: '0'.repeat(64) });
  // 5: a lock left by a process that is gone (this host): not running.
  mkdirSync(shardFolder(loaded, 5), { recursive: true });
  const dead = { ...newLockRecord('maskmedpaint augment'), pid: 2 ** 22 + 12345 };
  writeFileSync(RunLock.pathIn(shardFolder(loaded, 5)), formatLockRecord(dead));

  const now = await states();
  await lock.release();
  assert.deepEqual(now.slice(0, 1), ['done: 2 generated']);
  assert.match(now[1] ?? '', new RegExp(`^running: maskmedpaint augment \\(pid ${process.pid} `));
  assert.deepEqual(now.slice(2), [
    'failed: stopped after 2 of 2 items (killed, cancelled or out of time)',
    'failed: 1 of 2 items failed',
    'failed: its folder holds a run of another plan',
    'failed: stopped before writing its manifest',
  ]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { newLockRecord, formatLockRecord } from '../../../src/core/jobs/lockRecord';
import { LOCK_FILE_NAME, RunFolderBusyError, RunLock } from '../../../src/core/jobs/runLock';
import { freshTempDirs } from '../helpers/tempDir';

const fresh = freshTempDirs('lock');

/** The id of a process that has exited (on this host). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  assert.equal(child.status, 0);
  return child.pid;
}

function writeLock(
  dir: string,
  file: string,
  overrides: Partial<ReturnType<typeof newLockRecord>>,
) {
  const record = { ...newLockRecord('maskmedpaint augment'), ...overrides };
  writeFileSync(path.join(dir, file), formatLockRecord(record));
  return record;
}

const busy = (error: unknown): error is RunFolderBusyError => error instanceof RunFolderBusyError;

test('the lock names its holder; a second holder is refused with that name; release frees the folder', async () => {
  const dir = fresh();
  const lock = await RunLock.acquire(dir, 'maskmedpaint augment');
  const record = JSON.parse(readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8')) as Record<
    string,
    unknown
  >;
  assert.equal(record.holder, 'maskmedpaint augment');
  assert.equal(record.pid, process.pid);
  assert.equal(record.host, os.hostname());
  assert.equal(typeof record.startedAt, 'string');
  await assert.rejects(RunLock.acquire(dir, 'maskmedpaint rerun x'), (error: unknown) => {
    assert.ok(busy(error));
    assert.match(
      error.message,
      new RegExp(`in use by maskmedpaint augment \\(pid ${process.pid} on host`),
    );
    return true;
  });
  assert.equal(await RunLock.tryAcquire(dir, 'maskmedpaint review compaction'), undefined);
  await lock.release();
  assert.equal(existsSync(path.join(dir, LOCK_FILE_NAME)), false);
  const again = await RunLock.acquire(dir, 'maskmedpaint rerun x');
  await again.release();
});

test('a stale lock left by a dead process on this host is taken over, and no claim file is left', async () => {
  const dir = fresh();
  writeLock(dir, LOCK_FILE_NAME, { pid: deadPid() });
  const lock = await RunLock.acquire(dir, 'maskmedpaint augment');
  assert.equal(lock.record.pid, process.pid);
  assert.ok(readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8').includes(lock.record.nonce));
  assert.deepEqual(readdirSync(dir), [LOCK_FILE_NAME]);
  await lock.release();
});

test('of many processes taking over the same stale lock at once, exactly one succeeds', async () => {
  const dir = fresh();
  writeLock(dir, LOCK_FILE_NAME, { pid: deadPid() });
  const attempts = await Promise.allSettled(
    Array.from({ length: 12 }, (_, index) => RunLock.acquire(dir, `contender ${index}`)),
  );
  const winners = attempts.flatMap((attempt) =>
    attempt.status === 'fulfilled' ? [attempt.value] : [],
  );
  assert.equal(winners.length, 1);
  for (const attempt of attempts) {
    if (attempt.status === 'rejected') assert.ok(busy(attempt.reason), String(attempt.reason));
  }
  const [winner] = winners;
  assert.ok(winner);
  assert.ok(readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8').includes(winner.record.nonce));
  await winner.release();
  assert.deepEqual(readdirSync(dir), []);
});

test('a takeover abandoned by a dead claimant is taken over in turn', async () => {
  const dir = fresh();
  const stale = writeLock(dir, LOCK_FILE_NAME, { pid: deadPid() });
  writeLock(dir, `${LOCK_FILE_NAME}.takeover-${stale.nonce}`, { pid: deadPid() });
  const lock = await RunLock.acquire(dir, 'maskmedpaint augment');
  assert.deepEqual(readdirSync(dir).sort(), [LOCK_FILE_NAME]);
  await lock.release();
});

test('a lock held on another host is never taken over; the message says how to remove it', async () => {
  const dir = fresh();
  writeLock(dir, LOCK_FILE_NAME, { pid: deadPid(), host: `not-${os.hostname()}` });
  await assert.rejects(RunLock.acquire(dir, 'maskmedpaint augment'), (error: unknown) => {
    assert.ok(busy(error));
    assert.match(error.message, /another host/);
    assert.ok(error.message.includes(`delete ${path.join(dir, LOCK_FILE_NAME)}`));
    return true;
  });
});

test('a lock file that is not a lock record counts as held, with a clear message', async () => {
  const dir = fresh();
  writeFileSync(path.join(dir, LOCK_FILE_NAME), 'garbage');
  await assert.rejects(
    RunLock.acquire(dir, 'maskmedpaint augment'),
    /not a MaskMedPaint lock record/,
  );
});

test('release never removes a lock that is no longer this one', async () => {
  const dir = fresh();
  const lock = await RunLock.acquire(dir, 'maskmedpaint augment');
  // Someone removed it by hand and another process took the folder.
  const other = writeLock(dir, LOCK_FILE_NAME, { pid: process.pid });
  await lock.release();
  assert.ok(readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8').includes(other.nonce));
});

test('a process that exits while holding the lock (process.exit) releases it', () => {
  const dir = fresh();
  const script = `require('./src/core/jobs/runLock.ts').RunLock.acquire(${JSON.stringify(dir)}, 'x').then(() => process.exit(7));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: path.resolve(__dirname, '..', '..', '..'),
    encoding: 'utf8',
  });
  assert.equal(child.status, 7, child.stderr);
  assert.equal(existsSync(path.join(dir, LOCK_FILE_NAME)), false);
});

test('a waiting acquirer gets the folder when the holder lets go, and hears who held it once', async () => {
  const dir = fresh();
  const holder = await RunLock.acquire(dir, 'maskmedpaint review compaction');
  const heard: string[] = [];
  const waiting = RunLock.acquire(dir, 'maskmedpaint rerun a__0', {
    waitMs: 60_000,
    onWait: (busy) => {
      heard.push(busy.message);
      // Let go only once the waiter has met the busy folder.
      void holder.release();
    },
  });
  const lock = await waiting;
  assert.equal(lock.record.holder, 'maskmedpaint rerun a__0');
  assert.equal(heard.length, 1);
  assert.match(heard[0] ?? '', /in use by maskmedpaint review compaction/);
  await lock.release();
});

test('an aborted wait gives up with the holder named', async () => {
  const dir = fresh();
  const holder = await RunLock.acquire(dir, 'maskmedpaint augment');
  const controller = new AbortController();
  await assert.rejects(
    RunLock.acquire(dir, 'maskmedpaint rerun a__0', {
      waitMs: 60_000,
      signal: controller.signal,
      onWait: () => controller.abort(),
    }),
    /in use by maskmedpaint augment/,
  );
  await holder.release();
});

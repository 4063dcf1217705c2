/**
 * One writer per run folder: an exclusive lock file (`.maskmedpaint.lock`) that a job, a rerun
 * and a review compaction hold while they write the folder's manifest, CSV files and images, or
 * clean its temporary files.
 *
 * The file is created complete and atomically: the record is written to a private file, then
 * hard-linked to the lock name, which fails when the name exists. A lock left by a process that
 * died on this host is taken over by whoever first creates a claim file named after the dead
 * holder's nonce; the claimant checks that the lock still names that holder before replacing it,
 * so two processes can never both take over the same lock (a dead claimant is taken over the same
 * way). A holder on another host is never judged dead: the message says how to remove its lock.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { promises as fs, readFileSync, unlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JobConfigError } from './types';
import {
  describeLockHolder,
  formatLockRecord,
  isStale,
  newLockRecord,
  readLockRecord,
  type LockRecord,
} from './lockRecord';

/** File name of the lock inside a run folder. */
export const LOCK_FILE_NAME = '.maskmedpaint.lock';

/** How often a waiting acquirer tries again (a compaction holds the folder for well under this). */
export const LOCK_RETRY_MS = 200;

/** Options of {@link RunLock.acquire}. */
export interface AcquireOptions {
  /** How long to keep trying while another process holds the folder (default 0: refuse at once). */
  waitMs?: number;
  /** Stops waiting. */
  signal?: AbortSignal;
  /** Told once, with the holder, when the folder is busy and the wait begins. */
  onWait?: (busy: RunFolderBusyError) => void;
}

/** Another process holds the run folder (exit code 2 in the CLI, like every configuration error). */
export class RunFolderBusyError extends JobConfigError {
  constructor(
    readonly runDir: string,
    readonly holder: LockRecord | null,
  ) {
    const lockPath = path.join(runDir, LOCK_FILE_NAME);
    super(
      holder
        ? `${runDir} is in use by ${describeLockHolder(holder)}; wait until it finishes (or stop ` +
            `it) and try again${
              holder.host === os.hostname()
                ? ''
                : `; it runs on another host, so if it no longer runs there, delete ${lockPath}`
            }`
        : `${runDir} is locked by ${lockPath}, which is not a MaskMedPaint lock record; ` +
            'if no MaskMedPaint process is using this folder, delete it',
    );
    this.name = 'RunFolderBusyError';
  }
}

/** Locks held by this process, released even when it exits without unwinding (process.exit). */
const heldLocks = new Set<RunLock>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const lock of heldLocks) lock.releaseSync();
  });
}

/** Creates `file` holding `record`, complete, only if it does not exist. */
async function createExclusive(file: string, record: LockRecord): Promise<boolean> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.lock-tmp`;
  await fs.writeFile(temp, formatLockRecord(record), { flag: 'wx' });
  try {
    await fs.link(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    // File systems without hard links: exclusive create (a reader may briefly see it empty,
    // which counts as held).
    try {
      await fs.writeFile(file, formatLockRecord(record), { flag: 'wx' });
      return true;
    } catch (fallbackError) {
      if ((fallbackError as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallbackError;
    }
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** The claim file that gives the right to replace a stale record with this nonce. */
function claimPath(runDir: string, staleNonce: string): string {
  return path.join(runDir, `${LOCK_FILE_NAME}.takeover-${staleNonce}`);
}

/**
 * Replaces `file`, which holds the stale record `stale`, with `mine`; false when another process
 * got there first (or the record changed meanwhile).
 */
async function replaceStale(
  runDir: string,
  file: string,
  stale: LockRecord,
  mine: LockRecord,
  depth = 0,
): Promise<boolean> {
  if (depth > 3) return false;
  const claim = claimPath(runDir, stale.nonce);
  if (!(await createExclusive(claim, mine))) {
    const claimant = await readLockRecord(claim);
    // A live claimant is finishing the takeover; a dead one is taken over in turn.
    if (!claimant || !isStale(claimant)) return false;
    if (!(await replaceStale(runDir, claim, claimant, mine, depth + 1))) return false;
  }
  try {
    const now = await readLockRecord(file);
    if (!now || now.nonce !== stale.nonce) return false;
    await fs.rm(file, { force: true });
    return await createExclusive(file, mine);
  } finally {
    const claimed = await readLockRecord(claim);
    if (claimed && claimed.nonce === mine.nonce) await fs.rm(claim, { force: true });
  }
}

/** A held run folder lock; release it when done (a `finally`). */
export class RunLock {
  private released = false;

  private constructor(
    readonly runDir: string,
    readonly record: LockRecord,
  ) {}

  /** Where the lock file of `runDir` lives. */
  static pathIn(runDir: string): string {
    return path.join(runDir, LOCK_FILE_NAME);
  }

  /**
   * Takes the lock of `runDir` (which must exist) for `holder`, taking over a stale one. With
   * `waitMs`, a busy folder is tried again every {@link LOCK_RETRY_MS} until then (a rerun
   * started right after a review compaction, or queued behind another rerun); `onWait` hears
   * about the holder once.
   * @throws RunFolderBusyError naming the live holder.
   */
  static async acquire(
    runDir: string,
    holder: string,
    options: AcquireOptions = {},
  ): Promise<RunLock> {
    const deadline = Date.now() + (options.waitMs ?? 0);
    let told = false;
    for (;;) {
      try {
        return await RunLock.acquireOnce(runDir, holder);
      } catch (error) {
        const remaining = deadline - Date.now();
        if (!(error instanceof RunFolderBusyError) || remaining <= 0 || options.signal?.aborted)
          throw error;
        if (!told) options.onWait?.(error);
        told = true;
        await delay(Math.min(LOCK_RETRY_MS, remaining));
      }
    }
  }

  private static async acquireOnce(runDir: string, holder: string): Promise<RunLock> {
    const lockPath = RunLock.pathIn(runDir);
    const mine = newLockRecord(holder);
    let last: LockRecord | null = null;
    // A few rounds: the lock may vanish or change hands between the attempts.
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await createExclusive(lockPath, mine)) return RunLock.held(runDir, mine);
      const current = await readLockRecord(lockPath);
      if (current === undefined) continue;
      if (current === null) throw new RunFolderBusyError(runDir, null);
      if (!isStale(current)) throw new RunFolderBusyError(runDir, current);
      if (await replaceStale(runDir, lockPath, current, mine)) return RunLock.held(runDir, mine);
      // Another process is taking the stale lock over: it is the holder now.
      const claimant = await readLockRecord(claimPath(runDir, current.nonce));
      if (claimant && !isStale(claimant)) throw new RunFolderBusyError(runDir, claimant);
      last = current;
    }
    throw new RunFolderBusyError(runDir, last);
  }

  /** Like {@link acquire}, but resolves to undefined when the folder is busy. */
  static async tryAcquire(runDir: string, holder: string): Promise<RunLock | undefined> {
    try {
      return await RunLock.acquire(runDir, holder);
    } catch (error) {
      if (error instanceof RunFolderBusyError) return undefined;
      throw error;
    }
  }

  private static held(runDir: string, record: LockRecord): RunLock {
    const lock = new RunLock(runDir, record);
    heldLocks.add(lock);
    installExitHook();
    return lock;
  }

  /** Removes the lock file if it is still this lock's. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    heldLocks.delete(this);
    const lockPath = RunLock.pathIn(this.runDir);
    const current = await readLockRecord(lockPath).catch(() => undefined);
    if (current && current.nonce === this.record.nonce) await fs.rm(lockPath, { force: true });
  }

  /** {@link release} for the process 'exit' event, where nothing asynchronous runs. */
  releaseSync(): void {
    if (this.released) return;
    this.released = true;
    const lockPath = RunLock.pathIn(this.runDir);
    try {
      if (readFileSync(lockPath, 'utf8').includes(`"nonce":"${this.record.nonce}"`))
        unlinkSync(lockPath);
    } catch {
      // Already gone: nothing to release.
    }
  }
}

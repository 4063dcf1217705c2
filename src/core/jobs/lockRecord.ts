/**
 * What a run folder's lock file says about its holder, and whether that holder is gone. The
 * record is JSON: what holds the folder, the process id, the host, the user, the start time and
 * a random nonce that tells two holders with the same pid (a reused pid) apart.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';

/** The lock file's content. */
export interface LockRecord {
  /** What holds the folder, e.g. `maskmedpaint augment`. */
  holder: string;
  pid: number;
  host: string;
  user: string;
  /** ISO 8601. */
  startedAt: string;
  nonce: string;
}

/** The OS user name, or `unknown` where the platform has none (a container without passwd). */
export function osUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** A fresh record for this process. */
export function newLockRecord(holder: string, now: Date = new Date()): LockRecord {
  return {
    holder,
    pid: process.pid,
    host: os.hostname(),
    user: osUserName(),
    startedAt: now.toISOString(),
    nonce: randomBytes(12).toString('hex'),
  };
}

/** The record in JSON (one line plus newline). */
export function formatLockRecord(record: LockRecord): string {
  return `${JSON.stringify(record)}\n`;
}

/**
 * Reads a lock file: the record; `undefined` when there is no file; `null` when it exists but
 * is not a lock record (hand-made or damaged), which counts as held by someone unknown.
 */
export async function readLockRecord(file: string): Promise<LockRecord | null | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const v = JSON.parse(text) as Partial<LockRecord>;
    const valid =
      typeof v.holder === 'string' &&
      typeof v.pid === 'number' &&
      Number.isInteger(v.pid) &&
      v.pid > 0 &&
      typeof v.host === 'string' &&
      typeof v.user === 'string' &&
      typeof v.startedAt === 'string' &&
      typeof v.nonce === 'string' &&
      v.nonce !== '';
    return valid ? (v as LockRecord) : null;
  } catch {
    return null;
  }
}

/** True while a process with this id exists (on this host). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A lock is stale when its holder ran on this host and its process is gone. A holder on another
 * host (a shared network folder) can never be judged from here, so it is never taken over.
 */
export function isStale(record: LockRecord): boolean {
  return record.host === os.hostname() && !processIsAlive(record.pid);
}

/** `maskmedpaint augment (pid 4242 on host ws1, user alice, since 2026-...)` */
export function describeLockHolder(record: LockRecord): string {
  return `${record.holder} (pid ${record.pid} on host ${record.host}, user ${record.user}, since ${record.startedAt})`;
}

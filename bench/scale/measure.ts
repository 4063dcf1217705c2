/**
 * Runs a command as a child process and measures it the way the scale benchmark reports: wall
 * time, CPU time of the process and its children (user + system, from GNU time), peak resident
 * memory, and the load average just before (the machine is shared).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** One measured run. */
export interface Measured {
  label: string;
  command: string;
  wallSeconds: number;
  cpuSeconds: number;
  /** CPU seconds per wall second: 1.0 = one core busy the whole time. */
  coresUsed: number;
  peakRssMiB: number;
  /** 1-minute load average just before the run. */
  load1: number;
  exitCode: number;
  stderrTail: string;
}

const GNU_TIME = '/usr/bin/time';

/** Runs `node <args>` (measured with GNU time when it is installed). */
export function measureNode(label: string, args: readonly string[]): Measured {
  const load1 = loadavg()[0] ?? 0;
  const stats = join(tmpdir(), `mmp-scale-time-${process.pid}.txt`);
  const timed = existsSync(GNU_TIME);
  const command = [process.execPath, ...args];
  const started = process.hrtime.bigint();
  const run = timed
    ? spawnSync(GNU_TIME, ['-f', '%e %U %S %M', '-o', stats, ...command], { encoding: 'utf8' })
    : spawnSync(command[0] ?? 'node', command.slice(1), { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  let cpu = NaN;
  let rssKiB = NaN;
  if (timed && existsSync(stats)) {
    const [, user, system, rss] =
      readFileSync(stats, 'utf8').trim().split('\n').pop()?.split(' ') ?? [];
    cpu = Number(user) + Number(system);
    rssKiB = Number(rss);
    rmSync(stats, { force: true });
  }
  return {
    label,
    command: `node ${args.join(' ')}`,
    wallSeconds: wall,
    cpuSeconds: cpu,
    coresUsed: cpu / wall,
    peakRssMiB: rssKiB / 1024,
    load1,
    exitCode: run.status ?? -1,
    stderrTail: (run.stderr ?? '').slice(-400),
  };
}

/** The median of `values` (NaN for none). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** A fixed amount of integer arithmetic in a worker thread; resolves with its wall milliseconds. */
function spin(): Promise<number> {
  const code = [
    "const { parentPort } = require('node:worker_threads');",
    'const started = Date.now();',
    'let x = 0;',
    'for (let i = 0; i < 2e8; i++) x = (x + i) % 1000003;',
    'parentPort.postMessage([Date.now() - started, x]);',
  ].join('\n');
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true });
    worker.once('message', ([ms]: [number, number]) => {
      void worker.terminate();
      resolve(ms);
    });
    worker.once('error', reject);
  });
}

/**
 * How many cores this process gets right now: the same work in 1 thread and in `threads`
 * threads at once; threads x (time alone / time together). On an idle machine it is `threads`;
 * on a shared one it says how much a pool could gain at that moment.
 */
export async function availableCores(threads: number): Promise<number> {
  const alone = await spin();
  const together = Math.max(...(await Promise.all(Array.from({ length: threads }, spin))));
  return (threads * alone) / together;
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { JobEvent } from '../../../src/shared/jobEvents';
import { startCliJob } from '../../../src/extension/jobs/cliJobProcess';

/** Any request: the stand-ins below ignore their arguments. */
const REVIEW = { command: 'review', run: '/r' } as const;

/** Writes a stand-in for dist/cli.js and returns its path. */
async function fakeCli(body: string): Promise<{ file: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mmp-fake-cli-'));
  const file = path.join(dir, 'cli.js');
  await writeFile(file, body);
  return { file, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

test('passes arguments, parses events, separates text and stderr', async () => {
  const cli = await fakeCli(`
    const args = process.argv.slice(2);
    process.stdout.write(JSON.stringify({ type: 'planned', total: 1, alreadyDone: 0 }) + '\\n' + 'plain text\\n');
    process.stderr.write('scan: 1 file skipped\\n');
    process.stdout.write(JSON.stringify({ type: 'finished', done: 1, failed: 0, skipped: 0, cancelled: false, manifest: args.join('|') }));
    process.exitCode = 0;
  `);
  try {
    const events: JobEvent[] = [];
    const texts: string[] = [];
    const request = {
      command: 'rerun',
      manifest: '/r/m.json',
      itemId: 'a__0',
      mask: '/e.png',
    } as const;
    const job = startCliJob(cli.file, request, {
      onEvent: (event) => events.push(event),
      onText: (text, stream) => texts.push(`${stream}: ${text}`),
    });
    const result = await job.done;
    assert.equal(result.exitCode, 0);
    assert.deepEqual(
      events.map((e) => e.type),
      ['planned', 'finished'],
    );
    assert.equal(result.finished?.manifest, 'rerun|--mask=/e.png|--json|--|/r/m.json|a__0');
    assert.deepEqual(texts.sort(), ['stderr: scan: 1 file skipped', 'stdout: plain text']);
    assert.equal(result.cancelled, false);
  } finally {
    await cli.cleanup();
  }
});

test('cancel asks the CLI to stop (SIGINT) and it reports a cancelled finish', async () => {
  const cli = await fakeCli(`
    process.on('SIGINT', () => {
      process.stdout.write(JSON.stringify({ type: 'finished', done: 0, failed: 0, skipped: 0, cancelled: true, manifest: 'm' }) + '\\n');
      process.exit(130);
    });
    process.stdout.write(JSON.stringify({ type: 'planned', total: 9, alreadyDone: 0 }) + '\\n');
    setInterval(() => {}, 1000);
  `);
  try {
    const job = startCliJob(cli.file, REVIEW, {
      onEvent: (event) => {
        if (event.type === 'planned') job.cancel();
      },
      onText: () => undefined,
    });
    const result = await job.done;
    assert.equal(result.cancelled, true);
    assert.equal(result.exitCode, 130);
    assert.equal(result.finished?.cancelled, true);
  } finally {
    await cli.cleanup();
  }
});

test('a CLI that ignores the request is killed after the grace period', async () => {
  const cli = await fakeCli(`
    process.on('SIGINT', () => {});
    process.stdout.write(JSON.stringify({ type: 'planned', total: 9, alreadyDone: 0 }) + '\\n');
    setInterval(() => {}, 1000);
  `);
  try {
    const job = startCliJob(cli.file, REVIEW, {
      onEvent: (event) => {
        if (event.type === 'planned') job.cancel(50);
      },
      onText: () => undefined,
    });
    const result = await job.done;
    assert.equal(result.signal, 'SIGKILL');
    assert.equal(result.finished, undefined);
  } finally {
    await cli.cleanup();
  }
});

test('adds the given environment (runtime settings) to the inherited one', async () => {
  const cli = await fakeCli(`
    const seen = [process.env.MASKMEDPAINT_WEBGPU_LAYOUT, process.env.ELECTRON_RUN_AS_NODE, typeof process.env.PATH];
    process.stdout.write(JSON.stringify({ type: 'finished', done: 0, failed: 0, skipped: 0, cancelled: false, manifest: seen.join('|') }) + '\\n');
  `);
  try {
    const job = startCliJob(
      cli.file,
      REVIEW,
      { onEvent: () => undefined, onText: () => undefined },
      { MASKMEDPAINT_WEBGPU_LAYOUT: 'NCHW' },
    );
    const result = await job.done;
    assert.equal(result.finished?.manifest, 'NCHW|1|string');
  } finally {
    await cli.cleanup();
  }
});

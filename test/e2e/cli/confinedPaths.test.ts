import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Manifest } from '../../../src/shared/manifest';
import { freshTempDirs } from '../../unit/helpers/tempDir';
import { makeFifo } from '../../unit/jobs/helpers/fifo';
import { hashTree, makeDataset, writeMaskPng } from '../../unit/jobs/helpers/makeDataset';
import {
  buildCli,
  cliBundle,
  removeCli,
  runCliProcess,
  type CliResult,
} from '../helpers/cliHarness';

before(buildCli);
after(removeCli);

const tempDir = freshTempDirs('cli-confined');

/** Kills a CLI that hangs, so a regression fails the test instead of stalling the tier. */
const HANG_GUARD_MS = 60_000;

/** Runs the CLI; a child still running after {@link HANG_GUARD_MS} is killed (signal SIGKILL). */
function runGuarded(args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBundle, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: HANG_GUARD_MS,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function augment(dataset: { source: string; target: string; masks: string }, out: string) {
  return runCliProcess([
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
    '1',
  ]);
}

test('--out as a symbolic link into the source folder: exit 2, and the source folder is byte for byte unchanged', async () => {
  const root = tempDir();
  const dataset = await makeDataset(root, { perClass: 1 });
  const sources = hashTree(dataset.source);
  const out = path.join(root, 'out');
  symlinkSync(path.join(dataset.source, 'benign'), out);
  const result = await augment(dataset, out);
  assert.equal(result.code, 2, result.stderr);
  assert.match(
    result.stderr,
    /--out .*out \(really .*source.benign\) lies inside the source folder .*; choose an output folder outside it/,
  );
  assert.deepEqual(hashTree(dataset.source), sources);
});

test('a source folder holding a link to --out: exit 2 before anything is written', async () => {
  const root = tempDir();
  const dataset = await makeDataset(root, { perClass: 1 });
  const out = path.join(root, 'out');
  // --out does not exist yet; the link is dangling until a run would create it.
  symlinkSync(out, path.join(dataset.source, 'benign', 'previous-run'));
  const result = await augment(dataset, out);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /the source folder .* holds a symbolic link .*previous-run/);
  assert.equal(existsSync(out), false);
});

test('rerun: a hand-edited manifest path outside its folder is exit 2 naming the item and field; a pipe as source or output returns at once', async () => {
  const root = tempDir();
  const dataset = await makeDataset(root, { perClass: 1 });
  const out = path.join(root, 'out');
  assert.equal((await augment(dataset, out)).code, 0);
  const manifestPath = path.join(out, 'maskmedpaint.json');
  const mask = path.join(root, 'edit.png');
  await writeMaskPng(mask, 20);
  const original = readFileSync(manifestPath, 'utf8');
  const edit = (change: (manifest: Manifest) => void): void => {
    const manifest = JSON.parse(original) as Manifest;
    change(manifest);
    writeFileSync(manifestPath, JSON.stringify(manifest));
  };
  mkdirSync(path.join(root, 'outside'));
  writeFileSync(path.join(root, 'outside', 'secret.png'), 'secret');
  edit((m) => (m.items[0].source = '../outside/secret.png'));
  const escaped = await runGuarded(['rerun', manifestPath, m0(original), '--mask', mask]);
  assert.equal(escaped.code, 2, escaped.stderr);
  assert.match(
    escaped.stderr,
    new RegExp(`item "${m0(original)}", field "source": "../outside/secret.png" resolves to`),
  );

  makeFifo(path.join(dataset.source, 'benign', 'pipe.png'));
  edit((m) => (m.items[0].source = '../source/benign/pipe.png'));
  const pipedSource = await runGuarded(['rerun', manifestPath, m0(original), '--mask', mask]);
  assert.equal(pipedSource.signal, null, 'the CLI hung on the pipe and was killed');
  assert.equal(pipedSource.code, 2, pipedSource.stderr);
  assert.match(pipedSource.stderr, /field "source": ".*pipe.png" is a named pipe \(FIFO\)/);

  makeFifo(path.join(out, 'images', 'pipe.png'));
  edit((m) => (m.items[0].output = 'images/pipe.png'));
  const pipedOutput = await runGuarded(['rerun', manifestPath, m0(original), '--mask', mask]);
  assert.equal(pipedOutput.signal, null, 'the CLI hung on the pipe and was killed');
  assert.equal(pipedOutput.code, 2, pipedOutput.stderr);
  assert.match(
    pipedOutput.stderr,
    /field "output": "images\/pipe.png" cannot be written: .*named pipe/,
  );
});

/** The first item's id. */
function m0(manifestText: string): string {
  return (JSON.parse(manifestText) as Manifest).items[0].id;
}

test('rerun says which files it wrote, and those are the files written', async () => {
  const root = tempDir();
  const dataset = await makeDataset(root, { perClass: 1 });
  const out = path.join(root, 'out');
  assert.equal((await augment(dataset, out)).code, 0);
  const manifestPath = path.join(out, 'maskmedpaint.json');
  const mask = path.join(root, 'edit.png');
  await writeMaskPng(mask, 20);
  const id = m0(readFileSync(manifestPath, 'utf8'));
  const result = await runGuarded(['rerun', manifestPath, id, '--mask', mask]);
  assert.equal(result.code, 0, result.stderr);
  const said = /^Regenerated .*: (\S+) with the mask (\S+) \(/.exec(result.stdout);
  assert.ok(said, result.stdout);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const item = manifest.items.find((candidate) => candidate.id === id)!;
  assert.deepEqual([said[1], said[2]], [item.output, item.mask]);
  assert.deepEqual(readFileSync(path.join(out, said[2])), readFileSync(mask));
  assert.equal(
    createHash('sha256')
      .update(readFileSync(path.join(out, said[1])))
      .digest('hex'),
    item.sha256,
  );
});

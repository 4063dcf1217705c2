// `maskmedpaint gpu install | env | remove` as users run them (the CLI bundle in a child process)
// against a local package index; the GPU folder is a temporary one (MASKMEDPAINT_GPU_DIR).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runtimePackage } from '../../../src/core/backend/runtimePackage';
import { buildCli, removeCli, runCliProcess } from '../helpers/cliHarness';
import { freshTempDirs } from '../../unit/helpers/tempDir';
import { type FakeIndex, startFakeIndex } from '../../unit/gpu/fakeIndex';
import { providerWheelFiles, wheelBytes } from '../../unit/gpu/fakeWheels';

const tempDir = freshTempDirs('gpu-cli');
const version = runtimePackage().version;
/** A build of the provider wheel the recorded digests do not know, so the index's decide. */
const PROVIDER = `onnxruntime_gpu-${version}-cp399-cp399-manylinux_2_28_x86_64.whl`;

describe('maskmedpaint gpu', () => {
  let index: FakeIndex;
  const previous = process.env.MASKMEDPAINT_GPU_DIR;
  before(async () => {
    await buildCli();
    index = await startFakeIndex([
      { filename: PROVIDER, bytes: await wheelBytes(PROVIDER, providerWheelFiles()) },
    ]);
  });
  after(async () => {
    await index.close();
    removeCli();
    if (previous === undefined) delete process.env.MASKMEDPAINT_GPU_DIR;
    else process.env.MASKMEDPAINT_GPU_DIR = previous;
  });

  it('install --plan --json shows the wheel and its size without writing anything', async () => {
    process.env.MASKMEDPAINT_GPU_DIR = tempDir();
    const result = await runCliProcess([
      'gpu',
      'install',
      '--plan',
      '--json',
      '--cuda-runtime',
      'no',
      '--index-url',
      `${index.url}/pypi`,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const plan = JSON.parse(result.stdout.trim().split('\n')[0]) as {
      type: string;
      plan: { downloadBytes: number; wheels: { filename: string; role: string }[] };
    };
    assert.equal(plan.type, 'plan');
    assert.deepEqual(
      plan.plan.wheels.map((w) => [w.filename, w.role]),
      [[PROVIDER, 'provider']],
    );
    assert.ok(plan.plan.downloadBytes > 0);
    assert.equal(existsSync(join(process.env.MASKMEDPAINT_GPU_DIR, 'cuda')), false);
  });

  it('install --yes --json prints the plan, progress without repeats, and done (what the extension reads)', async () => {
    process.env.MASKMEDPAINT_GPU_DIR = tempDir();
    const result = await runCliProcess([
      'gpu',
      'install',
      '--yes',
      '--json',
      '--cuda-runtime',
      'no',
      '--index-url',
      `${index.url}/pypi`,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const events = result.stdout
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            type: string;
            kind?: string;
            progress?: { received: number; total: number };
          },
      );
    assert.equal(events[0].type, 'plan');
    assert.equal(events.at(-1)?.type, 'done');
    const downloads = events
      .filter((e) => e.kind === 'download')
      .map((e) => Math.floor((100 * (e.progress?.received ?? 0)) / (e.progress?.total ?? 1)));
    assert.ok(
      downloads.length > 0 && downloads.at(-1) === 100,
      `download progress ${downloads.join(',')}`,
    );
    assert.deepEqual(downloads, [...new Set(downloads)], 'one line per percent');
    assert.deepEqual(
      events.filter((e) => e.type === 'progress' && e.kind !== 'download').map((e) => e.kind),
      ['extract', 'activate'],
    );
  });

  it('without a terminal, install needs --yes', async () => {
    process.env.MASKMEDPAINT_GPU_DIR = tempDir();
    const result = await runCliProcess([
      'gpu',
      'install',
      '--cuda-runtime',
      'no',
      '--index-url',
      `${index.url}/pypi`,
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /needs confirmation: rerun with --yes/);
  });

  it('install --yes, then env prints the library path, then remove deletes it', async () => {
    const root = tempDir();
    process.env.MASKMEDPAINT_GPU_DIR = root;
    const installed = await runCliProcess([
      'gpu',
      'install',
      '--yes',
      '--cuda-runtime',
      'no',
      '--index-url',
      `${index.url}/pypi`,
    ]);
    assert.equal(installed.code, 0, installed.stderr);
    assert.match(installed.stdout, /CUDA provider installed in/);
    assert.ok(existsSync(join(root, 'cuda', 'ort', 'libonnxruntime_providers_cuda.so')));
    assert.ok(
      existsSync(join(root, 'cuda', 'ort', 'libonnxruntime.so.1')),
      "onnxruntime's library beside the providers",
    );
    const env = await runCliProcess(['gpu', 'env']);
    assert.equal(
      env.stdout.trim(),
      `export LD_LIBRARY_PATH=${join(root, 'cuda', 'ort')}:\${LD_LIBRARY_PATH:-}`,
    );
    const removed = await runCliProcess(['gpu', 'remove']);
    assert.match(removed.stdout, /removed/);
    assert.equal(existsSync(join(root, 'cuda')), false);
    assert.equal((await runCliProcess(['gpu', 'env'])).stdout, '');
  });
});

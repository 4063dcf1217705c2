// The worker hook: WorkerClient starts the inference worker with the installed CUDA provider's
// folders first on LD_LIBRARY_PATH. A stand-in worker reports the library path it was started with.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runtimePackage } from '../../../src/core/backend/runtimePackage';
import { WorkerClient } from '../../../src/worker/client';
import { freshTempDirs } from '../helpers/tempDir';

const tempDir = freshTempDirs('gpu-worker-env');

/** A worker that answers every request with a failure whose message is its LD_LIBRARY_PATH. */
const STAND_IN = `process.on('message', (m) => {
  if (m && m.kind === 'request')
    process.send({ kind: 'failure', replyTo: m.id, error: { name: 'Env', message: String(process.env.LD_LIBRARY_PATH) } });
  if (m && m.kind === 'notice' && m.notice && m.notice.type === 'shutdown') process.exit(0);
});\n`;

describe('the inference worker environment', () => {
  const previous = process.env.MASKMEDPAINT_GPU_DIR;
  after(() => {
    if (previous === undefined) delete process.env.MASKMEDPAINT_GPU_DIR;
    else process.env.MASKMEDPAINT_GPU_DIR = previous;
  });

  it('starts with the installed provider folders on LD_LIBRARY_PATH', async () => {
    const root = tempDir();
    const install = join(root, 'cuda');
    mkdirSync(join(install, 'ort'), { recursive: true });
    writeFileSync(
      join(install, 'install.json'),
      JSON.stringify({
        onnxruntimeVersion: runtimePackage().version,
        platform: process.platform,
        arch: process.arch,
        installedAt: '',
        cudaRuntime: false,
        wheels: [],
        files: {},
      }),
    );
    const entry = join(root, 'worker.js');
    writeFileSync(entry, STAND_IN);
    process.env.MASKMEDPAINT_GPU_DIR = root;
    const client = new WorkerClient({ entry, execArgv: [] });
    try {
      await assert.rejects(
        // The stand-in fails every request before looking at it.
        client.request('loadEngine', {} as never),
        (error: Error) => error.message.split(':')[0] === join(install, 'ort'),
      );
    } finally {
      await client.dispose();
    }
  });
});

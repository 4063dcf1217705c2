import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { prepareKeyRegion } from '../../../src/core/image/prepareKeyRegion';
import { defaultRecipe } from '../../../src/core/recipe/defaults';
import type { EngineProgress } from '../../../src/shared/engineProgress';
import type { WorkerProtocol } from '../../../src/shared/workerProtocol';
import {
  disposeSharedWorkerClient,
  sharedWorkerClient,
  WorkerClient,
  WorkerCrashedError,
} from '../../../src/worker/client';
import { fixtureImage, modelDir } from '../diffusion/sdFixtures';

/**
 * A job on the tiny model. Tests that cancel or kill mid-run use many steps: progress messages
 * cross the process boundary asynchronously, so a 3-step job can finish before the test's
 * reaction to its first step reaches the worker.
 */
const LONG = 60;
function job(seed = 21, steps = 3): WorkerProtocol['augment']['params'] {
  const source = fixtureImage();
  const mask = new Uint8Array(source.width * source.height);
  for (let y = 20; y < 44; y++) mask.fill(1, y * source.width + 18, y * source.width + 46);
  const { keyMask, keyAlpha } = prepareKeyRegion(
    { width: source.width, height: source.height, data: mask },
    { marginPx: 0, blurFactor: 0, featherPx: 2 },
  );
  const recipe = defaultRecipe();
  recipe.diffusion = {
    ...recipe.diffusion,
    steps,
    strength: 1,
    scheduler: 'ddim',
    resolution: 'source',
    executionProvider: 'cpu',
  };
  return {
    engine: 'diffusion',
    model: modelDir('optimum-9ch'),
    executionProvider: 'cpu',
    batch: { recipe, label: 'benign', source, keyMask, keyAlpha, items: [{ seed }] },
  };
}

const clients: WorkerClient[] = [];
function client(options: ConstructorParameters<typeof WorkerClient>[0] = {}): WorkerClient {
  const c = new WorkerClient(options);
  clients.push(c);
  return c;
}
after(async () => {
  for (const c of clients) await c.dispose();
});

describe('WorkerClient and the inference worker process', () => {
  let reference: Uint8Array | Uint16Array | undefined;

  it('starts the worker on first use and runs a job in it', async () => {
    const c = client();
    assert.equal(c.pid, undefined, 'not started before the first job');
    const progress: EngineProgress[] = [];
    const { images, backend } = await c.request('augment', job(), {
      onProgress: (p) => progress.push(p),
    });
    assert.ok(c.pid !== undefined && c.pid !== process.pid);
    assert.equal(images.length, 1);
    assert.equal(images[0].width, 64);
    assert.equal(backend.executionProvider, 'cpu');
    assert.deepEqual(progress.filter((p) => p.kind === 'denoising').length, 3);
    reference = images[0].data;
  });

  it('restarts a killed worker once, with a clear message, and finishes the job identically', async () => {
    const messages: string[] = [];
    const c = client({ log: (m) => messages.push(m) });
    let killed = false;
    const { images } = await c.request('augment', job(21, LONG), {
      onProgress: (p) => {
        if (!killed && p.kind === 'denoising') {
          killed = true;
          process.kill(c.pid!, 'SIGKILL');
        }
      },
    });
    assert.ok(killed);
    assert.equal(messages.length, 1);
    assert.match(messages[0], /stopped unexpectedly \(signal SIGKILL\); restarting it once/);
    const uninterrupted = await c.request('augment', job(21, LONG));
    assert.deepEqual(
      images[0].data,
      uninterrupted.images[0].data,
      'same seed, same image, in a fresh process',
    );
  });

  it('gives up with WorkerCrashedError when the worker dies again after the restart', async () => {
    const c = client({ log: () => undefined });
    await assert.rejects(
      c.request('augment', job(21, LONG), {
        onProgress: (p) =>
          p.kind === 'denoising' && c.pid !== undefined && process.kill(c.pid, 'SIGKILL'),
      }),
      WorkerCrashedError,
    );
  });

  it('cancels cooperatively: the job fails with AbortError and the worker keeps serving', async () => {
    const c = client();
    const controller = new AbortController();
    await assert.rejects(
      c.request('augment', job(21, LONG), {
        signal: controller.signal,
        onProgress: (p) => p.kind === 'denoising' && controller.abort(),
      }),
      (error: unknown) => error instanceof Error && error.name === 'AbortError',
    );
    const pid = c.pid;
    const { images } = await c.request('augment', job());
    assert.equal(c.pid, pid);
    assert.deepEqual(images[0].data, reference);
  });

  it('hard cancel kills the worker at once', async () => {
    let exitInfo: (info: { signal: NodeJS.Signals | null }) => void = () => undefined;
    const exited = new Promise<{ signal: NodeJS.Signals | null }>(
      (resolve) => (exitInfo = resolve),
    );
    const c = client({ onWorkerExit: (info) => exitInfo(info) });
    let running: Promise<unknown> = Promise.resolve();
    await new Promise<void>((resolve) => {
      running = c.request('augment', job(21, LONG), {
        onProgress: (p) => p.kind === 'denoising' && resolve(),
      });
    });
    c.killNow();
    await assert.rejects(
      running,
      (error: unknown) => error instanceof Error && error.name === 'AbortError',
    );
    assert.equal(c.pid, undefined);
    assert.equal((await exited).signal, 'SIGKILL');
  });

  it('stops the worker after the idle timeout', async () => {
    let exitInfo: (info: { pid: number | undefined; code: number | null }) => void = () =>
      undefined;
    const exited = new Promise<{ pid: number | undefined; code: number | null }>(
      (resolve) => (exitInfo = resolve),
    );
    const c = client({ idleTimeoutMs: 10, onWorkerExit: (info) => exitInfo(info) });
    // The client unrefs an idle worker so it never keeps a CLI alive; this test must stay alive.
    const keepAlive = setInterval(() => undefined, 1000);
    await c.request('augment', job());
    const pid = c.pid;
    const info = await exited.finally(() => clearInterval(keepAlive));
    assert.equal(info.pid, pid);
    assert.equal(info.code, 0, 'a clean shutdown, not a crash');
    assert.equal(c.pid, undefined);
  });

  it('hosts only the engines the registry runs in the worker', async () => {
    const c = client();
    const key = { model: '', executionProvider: 'cpu' as const };
    await assert.rejects(
      c.request('loadEngine', { ...key, engine: 'composite' }),
      /engine "composite" does not run in the inference worker/,
    );
    await assert.rejects(c.request('loadEngine', { ...key, engine: 'gan' }), {
      name: 'EngineUnavailableError',
    });
  });

  it('shares one lazily started client process-wide until it is disposed', async () => {
    const shared = sharedWorkerClient();
    assert.equal(sharedWorkerClient(), shared);
    assert.equal(shared.pid, undefined, 'nothing is started by asking for the client');
    await disposeSharedWorkerClient();
    const next = sharedWorkerClient();
    assert.notEqual(next, shared);
    await disposeSharedWorkerClient();
  });
});

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { feather } from '../../../src/core/image/maskOps';
import type { BinaryMask, RawImage } from '../../../src/core/image/rawImage';
import { defaultRecipe } from '../../../src/core/recipe/defaults';
import type { EngineProgress } from '../../../src/shared/engineProgress';
import { WorkerClient } from '../../../src/worker/client';
import { RemoteEngine } from '../../../src/worker/remoteEngine';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'inpainters');

/** Left half (200, 0, 0), right half (0, 0, 100): every fill of the tiny graphs is (100, 0, 50). */
function halves(width: number, height: number): RawImage {
  const data = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++)
    data.set(p % width < width / 2 ? [200, 0, 0] : [0, 0, 100], p * 3);
  return { width, height, channels: 3, bitDepth: 8, data };
}

function centreBox(width: number, height: number): BinaryMask {
  const data = new Uint8Array(width * height);
  for (let y = height / 4; y < (3 * height) / 4; y++)
    data.fill(1, y * width + width / 4, y * width + (3 * width) / 4);
  return { width, height, data };
}

const recipe = defaultRecipe();
recipe.diffusion = { ...recipe.diffusion, executionProvider: 'cpu' };
const client = new WorkerClient();
const scratch = mkdtempSync(join(tmpdir(), 'mmp-hosted-'));
after(async () => {
  await client.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

/** A plain inpainter hosted in the worker, as the CLI's engine host starts it. */
function plain(engine: 'migan' | 'lama', file: string): RemoteEngine {
  return new RemoteEngine(
    { engine, model: file.includes('/') ? file : join(FIXTURES, file), executionProvider: 'cpu' },
    client,
    false,
  );
}

describe('plain inpainters run in the inference worker process', () => {
  for (const [engine, file] of [
    ['migan', 'tiny_migan.onnx'],
    ['lama', 'tiny_lama.onnx'],
  ] as const) {
    it(`${engine}: the session runs in the child, key region exact, outside filled`, async () => {
      const inpainter = plain(engine, file);
      const backend = await inpainter.load();
      assert.equal(backend.executionProvider, 'cpu');
      assert.equal(typeof backend.workerPid, 'number');
      assert.notEqual(backend.workerPid, process.pid, 'not in the calling process');
      assert.equal(backend.workerPid, client.pid, 'in the client-managed worker');
      assert.match(
        inpainter.describe(),
        new RegExp(`${engine} .* on cpu.*worker pid ${client.pid}`),
      );
      const source = halves(32, 16);
      const keyMask = centreBox(32, 16);
      const out = await inpainter.augment({
        source,
        keyMask,
        keyAlpha: feather(keyMask, 0),
        label: 'a',
        seed: 1,
        recipe,
      });
      assert.deepEqual([out.width, out.height, out.channels], [32, 16, 3]);
      for (let p = 0; p < 32 * 16; p++) {
        const pixel = Array.from(out.data.subarray(p * 3, p * 3 + 3));
        if (keyMask.data[p])
          assert.deepEqual(pixel, Array.from(source.data.subarray(p * 3, p * 3 + 3)));
        else if (p === 0)
          for (const [c, v] of [100, 0, 50].entries())
            assert.ok(Math.abs(pixel[c] - v) <= 2, `corner ${pixel.join(',')}`);
      }
    });
  }

  it('a graph without the (image, mask) -> image interface is refused at load, naming its I/O', async () => {
    const inpainter = plain('migan', 'tiny_rmbg.onnx');
    await assert.rejects(inpainter.load(), /expected 2 inputs, found 1.*input:float32/);
  });

  it('keeps an engine loaded for the same model and provider; another model replaces it', async () => {
    const [a, b] = ['a.onnx', 'b.onnx'].map((name) => {
      copyFileSync(join(FIXTURES, 'tiny_lama.onnx'), join(scratch, name));
      return plain('lama', join(scratch, name));
    });
    const keyMask = centreBox(8, 8);
    const loads = async (engine: RemoteEngine): Promise<number> => {
      const progress: EngineProgress[] = [];
      const request = { source: halves(8, 8), keyMask, keyAlpha: feather(keyMask, 0) };
      await engine.augment({ ...request, label: 'a', seed: 1, recipe }, (p) => progress.push(p));
      return progress.filter((p) => p.kind === 'loading').length;
    };
    assert.equal(await loads(a), 1, 'first use loads');
    assert.equal(await loads(a), 0, 'the sessions stay loaded');
    assert.equal(await loads(b), 1, 'another model loads');
    assert.equal(await loads(a), 1, 'and replaced the first in the engine slot');
  });

  it('a cancelled request rejects with AbortError', async () => {
    const inpainter = plain('lama', 'tiny_lama.onnx');
    const controller = new AbortController();
    controller.abort();
    const keyMask = centreBox(8, 8);
    await assert.rejects(
      inpainter.augment({
        source: halves(8, 8),
        keyMask,
        keyAlpha: feather(keyMask, 0),
        label: 'a',
        seed: 1,
        recipe,
        signal: controller.signal,
      }),
      { name: 'AbortError' },
    );
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { OrtModel } from '../../../src/core/backend/ort';
import type { HostTensor, InferenceModel, TensorInfo } from '../../../src/core/backend/tensor';
import { createEngine } from '../../../src/core/engines/createEngine';
import { PlainInpainterEngine } from '../../../src/core/engines/plainInpainter/plainInpainterEngine';
import { resolveSignature } from '../../../src/core/engines/plainInpainter/contracts';
import { feather } from '../../../src/core/image/maskOps';
import type { BinaryMask, RawImage } from '../../../src/core/image/rawImage';
import { defaultRecipe } from '../../../src/core/recipe/defaults';
import type { AugmentRequest } from '../../../src/core/engines/engine';
import { WorkerClient } from '../../../src/worker/client';
import { WorkerEngineHost } from '../../../src/worker/workerEngineHost';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'inpainters');

/** A source with a gradient so any resampling of the key region would show. */
function gradient(width: number, height: number, channels: 1 | 3, bitDepth: 8 | 16): RawImage {
  const max = bitDepth === 16 ? 65535 : 255;
  const data =
    bitDepth === 16
      ? new Uint16Array(width * height * channels)
      : new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++)
        data[(y * width + x) * channels + c] = Math.round(
          ((x * 7 + y * 13 + c * 50) % 97) * (max / 97),
        );
  return { width, height, channels, bitDepth, data };
}

/** Key region: a centred rectangle. */
function boxMask(width: number, height: number): BinaryMask {
  const data = new Uint8Array(width * height);
  for (let y = Math.floor(height / 4); y < Math.floor((3 * height) / 4); y++)
    for (let x = Math.floor(width / 4); x < Math.floor((3 * width) / 4); x++)
      data[y * width + x] = 1;
  return { width, height, data };
}

function request(source: RawImage, keyMask: BinaryMask, featherPx = 0): AugmentRequest {
  return {
    source,
    keyMask,
    keyAlpha: feather(keyMask, featherPx),
    label: 'a',
    seed: 1,
    recipe: defaultRecipe(),
  };
}

function samples(image: RawImage, x: number, y: number): number[] {
  const i = (y * image.width + x) * image.channels;
  return Array.from(image.data.subarray(i, i + image.channels));
}

/** Delegates to a real graph and records the feeds it was given (to check layout and mask values). */
class RecordingModel implements InferenceModel {
  feeds: Record<string, HostTensor> = {};
  runs = 0;
  constructor(private readonly inner: InferenceModel) {}
  get inputs(): TensorInfo[] {
    return this.inner.inputs;
  }
  get outputs(): TensorInfo[] {
    return this.inner.outputs;
  }
  run(feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    this.runs++;
    this.feeds = feeds;
    return this.inner.run(feeds);
  }
  release(): Promise<void> {
    return this.inner.release();
  }
}

/** The tiny MI-GAN-like fixture graph (uint8 in, uint8 out) on the CPU, recording its feeds. */
async function tinyMigan(): Promise<RecordingModel> {
  return new RecordingModel(
    await OrtModel.load(join(FIXTURES, 'tiny_migan.onnx'), { preference: 'cpu' }),
  );
}

/** Per-channel mean of an 8-bit RGB image: what the fixture graph fills holes with. */
function channelMeans(image: RawImage): number[] {
  const sums = [0, 0, 0];
  for (let i = 0; i < image.data.length; i++) sums[i % 3] += image.data[i];
  return sums.map((sum) => sum / (image.width * image.height));
}

test('MI-GAN through onnxruntime (uint8 CHW in and out, mask 255 = keep): key region exact, outside filled', async () => {
  const model = await tinyMigan();
  const engine = new PlainInpainterEngine('migan', model, { modelPath: 'tiny_migan.onnx' });
  try {
    const source = gradient(20, 12, 3, 8);
    const key = boxMask(20, 12);
    const out = await engine.augment(request(source, key));
    assert.equal(model.feeds.image.dtype, 'uint8');
    assert.deepEqual(
      model.feeds.image.dims,
      [1, 3, 12, 20],
      'any-size graph runs at the source size',
    );
    // Planar layout: channel 1 of pixel (3, 2) sits in the second plane.
    assert.equal(model.feeds.image.data[1 * 240 + 2 * 20 + 3], source.data[(2 * 20 + 3) * 3 + 1]);
    assert.equal(model.feeds.mask.data[6 * 20 + 10], 255, 'key region is kept');
    assert.equal(model.feeds.mask.data[0], 0, 'outside is filled');
    const means = channelMeans(source);
    for (let i = 0; i < key.data.length; i++) {
      const x = i % 20;
      const y = Math.floor(i / 20);
      if (key.data[i]) assert.deepEqual(samples(out, x, y), samples(source, x, y));
      else
        for (const [c, value] of samples(out, x, y).entries())
          assert.ok(
            Math.abs(value - means[c]) <= 0.5,
            `(${x},${y}) c${c}: ${value} vs ${means[c]}`,
          );
    }
  } finally {
    await engine.dispose();
  }
});

test('16-bit grey source: the model sees 8-bit RGB, the result keeps grey 16-bit and the exact key region', async () => {
  const model = await tinyMigan();
  const engine = new PlainInpainterEngine('migan', model, { modelPath: 'tiny_migan.onnx' });
  try {
    const source = gradient(16, 16, 1, 16);
    const key = boxMask(16, 16);
    const out = await engine.augment(request(source, key));
    assert.equal(out.channels, 1);
    assert.equal(out.bitDepth, 16);
    for (let i = 0; i < key.data.length; i++)
      if (key.data[i]) assert.equal(out.data[i], source.data[i]);
    // Grey in, so the model's three planes are equal and the fill is the 8-bit mean, back at 16 bits.
    const fed = model.feeds.image;
    assert.equal(fed.dtype, 'uint8');
    let sum = 0;
    for (let p = 0; p < 256; p++) sum += fed.data[p];
    const fill = Math.round(sum / 256) * 257;
    assert.ok(Math.abs(out.data[0] - fill) <= 257, `outside pixel ${out.data[0]} ~ ${fill}`);
  } finally {
    await engine.dispose();
  }
});

test('cancellation before the run rejects with AbortError and runs nothing', async () => {
  const model = await tinyMigan();
  const engine = new PlainInpainterEngine('migan', model, { modelPath: 'tiny_migan.onnx' });
  const controller = new AbortController();
  controller.abort();
  const source = gradient(8, 8, 3, 8);
  try {
    await assert.rejects(
      engine.augment({ ...request(source, boxMask(8, 8)), signal: controller.signal }),
      { name: 'AbortError' },
    );
    assert.equal(model.runs, 0);
  } finally {
    await engine.dispose();
  }
});

test('graphs without the (image, mask) -> image interface are refused with their I/O listed', () => {
  const one: TensorInfo[] = [{ name: 'x', dtype: 'float32', shape: [1, 4, 512, 512] }];
  assert.throws(
    () => resolveSignature('lama', one, one),
    /expected 2 inputs, found 1.*x:float32\[1,4,512,512\]/,
  );
  const ints: TensorInfo[] = [
    { name: 'image', dtype: 'int64', shape: [1, 3, 8, 8] },
    { name: 'mask', dtype: 'float32', shape: [1, 1, 8, 8] },
  ];
  assert.throws(() => resolveSignature('lama', ints, ints.slice(0, 1)), /image image is int64/);
});

test('LaMa through onnxruntime on the tiny fixture: 512x512 run, key region exact, outside = image mean', async () => {
  const model = await OrtModel.load(join(FIXTURES, 'tiny_lama.onnx'), { preference: 'cpu' });
  const engine = new PlainInpainterEngine('lama', model, {
    modelPath: 'tiny_lama.onnx',
    executionProvider: model.executionProvider,
  });
  assert.match(engine.describe(), /lama .* on cpu, 512x512/);
  const source: RawImage = {
    width: 30,
    height: 20,
    channels: 3,
    bitDepth: 8,
    data: new Uint8Array(30 * 20 * 3),
  };
  // Left half red (200, 0, 0), right half blue (0, 0, 100): the mean colour is (100, 0, 50).
  for (let p = 0; p < 600; p++) source.data.set(p % 30 < 15 ? [200, 0, 0] : [0, 0, 100], p * 3);
  const key = boxMask(30, 20);
  try {
    const out = await engine.augment(request(source, key, 2));
    const alpha = feather(key, 2);
    for (let p = 0; p < 600; p++)
      if (alpha.data[p] >= 1)
        assert.deepEqual(
          samples(out, p % 30, Math.floor(p / 30)),
          samples(source, p % 30, Math.floor(p / 30)),
        );
    for (const [c, expected] of [100, 0, 50].entries())
      assert.ok(
        Math.abs(samples(out, 0, 0)[c] - expected) <= 2,
        `corner ${samples(out, 0, 0).join(',')}`,
      );
  } finally {
    await engine.dispose();
  }
});

test('the real MI-GAN export interface (uint8, any size) is recognised from the fixture graph', async () => {
  const model = await OrtModel.load(join(FIXTURES, 'tiny_migan.onnx'), { preference: 'cpu' });
  try {
    const signature = resolveSignature('migan', model.inputs, model.outputs);
    assert.equal(signature.image.dtype, 'uint8');
    assert.equal(signature.output.name, 'result');
    assert.equal(signature.fixedSize, undefined);
  } finally {
    await model.release();
  }
});

test('createEngine wires --engine lama with --model FILE.onnx', async () => {
  const recipe = defaultRecipe();
  const logged: string[] = [];
  const log = (line: string): number => logged.push(line);
  const client = new WorkerClient();
  const engine = await createEngine(
    {
      ...recipe,
      engine: 'lama',
      diffusion: {
        ...recipe.diffusion,
        model: join(FIXTURES, 'tiny_lama.onnx'),
        executionProvider: 'cpu',
      },
    },
    { host: new WorkerEngineHost(client, log), modelSearchPaths: [] },
  );
  try {
    assert.equal(engine.id, 'lama');
    assert.match(logged.join('\n'), /lama: .*tiny_lama\.onnx on cpu in worker pid \d+/);
    const workerPid = Number(/worker pid (\d+)/.exec(logged.join('\n'))?.[1]);
    assert.notEqual(workerPid, process.pid, 'the session runs in the worker, not here');
    assert.equal(workerPid, client.pid);
    assert.equal(
      typeof engine.augmentBatch,
      'undefined',
      'a plain inpainter runs its items one by one',
    );
  } finally {
    await client.dispose();
  }
});

test('createEngine refuses a worker-run engine when no engine host is given', async () => {
  const recipe = defaultRecipe();
  await assert.rejects(
    createEngine({
      ...recipe,
      engine: 'lama',
      diffusion: { ...recipe.diffusion, model: join(FIXTURES, 'tiny_lama.onnx') },
    }),
    /runs in the inference worker: pass its engine host/,
  );
});

// The padding rewrite (core/backend/convPadding) proven on the CPU: on every 9-channel UNet of the
// tiny Stable Diffusion fixtures (both layouts, float32 and float16, inline and external weights)
// the rewritten graph gives the original's outputs, and graphs it does not cover are refused
// untouched. The WebGPU tier (test/webgpu) runs the same rewrite on the WebGPU provider.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { onnx } from 'onnx-proto';
import { UnsupportedModelError } from '../../../src/core/backend/convPadding/onnxModelCodec';
import { loadWithPaddedConvolutions } from '../../../src/core/backend/convPadding/paddedModelLoader';
import { padConvolutionChannels } from '../../../src/core/backend/convPadding/padConvolutionChannels';
import { OrtModel } from '../../../src/core/backend/ort';
import { deterministicInputs } from '../../../src/core/backend/providerCompare';
import { type HostTensor, toFloat32 } from '../../../src/core/backend/tensor';
import { manifest, modelDir } from '../diffusion/sdFixtures';
import { convModel, writeWithExternalWeights } from './onnxTestGraphs';

const FLOAT32_EPSILON = 2 ** -23;
const FLOAT16_EPSILON = 2 ** -10;

/** Every fixture folder whose UNet takes 9 channels, read from the recorded signatures. */
const NINE_CHANNEL_MODELS = Object.entries(manifest.signatures)
  .filter(([, graphs]) => graphs.unet?.inputs.find((i) => i.name === 'sample')?.dims[1] === 9)
  .map(([model]) => model)
  .sort();

/** Runs both graphs on the CPU with the same inputs; largest difference and largest value. */
async function compareOnCpu(
  original: string | Uint8Array,
  rewritten: string | Uint8Array,
  externalDataFolder?: string,
): Promise<{ maxAbsDiff: number; maxAbs: number; float16: boolean }> {
  const a = await OrtModel.load(original, { preference: 'cpu', intraOpThreads: 1 });
  const b = await OrtModel.load(rewritten, {
    preference: 'cpu',
    intraOpThreads: 1,
    ...(externalDataFolder ? { externalDataFolder } : {}),
  });
  try {
    assert.deepEqual(b.inputs, a.inputs, 'the rewrite keeps the graph inputs');
    assert.deepEqual(b.outputs, a.outputs, 'the rewrite keeps the graph outputs');
    const feeds = deterministicInputs(a.inputs);
    const [x, y] = [await a.run(feeds), await b.run(feeds)];
    let maxAbsDiff = 0;
    let maxAbs = 0;
    for (const [name, tensor] of Object.entries(x)) {
      const [p, q] = [floats(tensor), floats(y[name])];
      assert.equal(q.length, p.length);
      for (let i = 0; i < p.length; i++) {
        maxAbsDiff = Math.max(maxAbsDiff, Math.abs(p[i] - q[i]));
        maxAbs = Math.max(maxAbs, Math.abs(p[i]));
      }
    }
    return { maxAbsDiff, maxAbs, float16: a.outputs.some((o) => o.dtype === 'float16') };
  } finally {
    await Promise.all([a.release(), b.release()]);
  }
}

function floats(tensor: HostTensor | undefined): Float32Array {
  assert.ok(tensor && (tensor.dtype === 'float32' || tensor.dtype === 'float16'));
  return toFloat32(tensor);
}

/**
 * The padded convolution sums the same products plus zeros, in a different order; float32 sums of
 * a few hundred terms then differ by some units in the last place of the output's scale, float16
 * outputs by one float16 rounding step.
 */
function tolerance(result: { maxAbs: number; float16: boolean }): number {
  return result.maxAbs * (result.float16 ? 2 * FLOAT16_EPSILON : 256 * FLOAT32_EPSILON);
}

const scratch = mkdtempSync(join(tmpdir(), 'mmp-convpad-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('padConvolutionChannels: 9 input channels padded to 12', () => {
  it('the fixtures include 9-channel UNets of both layouts in float32 and float16', () => {
    assert.deepEqual(NINE_CHANNEL_MODELS, [
      'fp16-legacy-9ch',
      'fp16-optimum-9ch',
      'legacy-9ch',
      'optimum-9ch',
    ]);
  });

  for (const model of NINE_CHANNEL_MODELS) {
    it(`${model}: the rewritten UNet gives the original's outputs on the CPU`, async () => {
      const path = join(modelDir(model), 'unet', 'model.onnx');
      const padded = padConvolutionChannels(readFileSync(path), dirname(path));
      assert.deepEqual(padded.convolutions, ['/model/conv_in/Conv']);
      const result = await compareOnCpu(path, padded.bytes);
      assert.ok(result.maxAbs > 0.01, 'the UNet computes something');
      assert.ok(
        result.maxAbsDiff <= tolerance(result),
        `differs by ${result.maxAbsDiff} at scale ${result.maxAbs}`,
      );
    });
  }

  it('pads the weight with zeros and feeds the Conv through a Pad of three channels', () => {
    const padded = onnx.ModelProto.decode(padConvolutionChannels(convModel()).bytes);
    const graph = padded.graph!;
    assert.deepEqual(
      graph.node?.map((n) => n.opType),
      ['Pad', 'Conv'],
    );
    assert.equal(graph.node?.[1].input?.[0], graph.node?.[0].output?.[0]);
    const weight = graph.initializer?.find((t) => t.name === 'w');
    assert.deepEqual(weight?.dims?.map(Number), [8, 12, 3, 3]);
    const values = new Float32Array(Uint8Array.from(weight?.rawData ?? []).buffer);
    for (let o = 0; o < 8; o++)
      for (let k = 9 * 9; k < 12 * 9; k++) assert.equal(values[o * 108 + k], 0);
    const pads = graph.initializer?.find((t) => t.name === graph.node?.[0].input?.[1]);
    assert.deepEqual(
      [...new BigInt64Array(Uint8Array.from(pads?.rawData ?? []).buffer)],
      [0n, 0n, 0n, 0n, 0n, 3n, 0n, 0n],
    );
  });

  it('weights in an external file (model.onnx_data) are read, padded and stored inline', async () => {
    const folder = mkdtempSync(join(scratch, 'external-'));
    const source = join(modelDir('optimum-9ch'), 'unet', 'model.onnx');
    const path = writeWithExternalWeights(readFileSync(source), folder);
    const padded = padConvolutionChannels(readFileSync(path), folder);
    const result = await compareOnCpu(source, padded.bytes, folder);
    assert.ok(result.maxAbsDiff <= tolerance(result), `differs by ${result.maxAbsDiff}`);
  });

  it("the committed external-weights fixture's 4-channel conv_in, padded to 8, still computes the same", async () => {
    const path = join(modelDir('optimum-4ch-external'), 'unet', 'model.onnx');
    const padded = padConvolutionChannels(readFileSync(path), dirname(path), { from: 4, to: 8 });
    const result = await compareOnCpu(path, padded.bytes, dirname(path));
    assert.ok(result.maxAbsDiff <= tolerance(result), `differs by ${result.maxAbsDiff}`);
  });

  it('before opset 11 the Pad takes its pads as an attribute', async () => {
    const original = convModel({ opset: 10 });
    const padded = padConvolutionChannels(original);
    const pad = onnx.ModelProto.decode(padded.bytes).graph?.node?.[0];
    assert.deepEqual(
      pad?.attribute?.find((a) => a.name === 'pads')?.ints?.map(Number),
      [0, 0, 0, 0, 0, 3, 0, 0],
    );
    const result = await compareOnCpu(original, padded.bytes);
    assert.ok(result.maxAbsDiff <= tolerance(result), `differs by ${result.maxAbsDiff}`);
  });

  it('refuses, changing nothing, what it does not cover', () => {
    const refusals: [string, Uint8Array, RegExp][] = [
      [
        'a 4-channel UNet',
        readFileSync(join(modelDir('optimum-4ch'), 'unet', 'model.onnx')),
        /no Conv with 9 input channels/,
      ],
      [
        'a grouped convolution',
        convModel({ inputChannels: 9, outputChannels: 9, group: 3 }),
        /no Conv with 9/,
      ],
      ['a weight shared by two Convs', convModel({ sharedWeight: true }), /shared/],
      ['an IR version newer than the schema', convModel({ irVersion: 10 }), /IR version 10/],
      ['bytes that are not a model', Uint8Array.from([0xff, 0xff, 0xff]), /not an ONNX model/],
    ];
    for (const [what, bytes, reason] of refusals)
      assert.throws(
        () => padConvolutionChannels(bytes),
        (e: unknown) => e instanceof UnsupportedModelError && reason.test(e.message),
        what,
      );
  });
});

describe('loadWithPaddedConvolutions', () => {
  it('loads the rewritten UNet on the requested provider and says what it changed', async () => {
    const path = join(modelDir('optimum-9ch'), 'unet', 'model.onnx');
    const result = await loadWithPaddedConvolutions(path, 'cpu', { intraOpThreads: 1 });
    assert.ok(result.ok, result.ok ? '' : result.reason);
    try {
      assert.equal(result.model.executionProvider, 'cpu');
      assert.match(result.note, /conv_in.*padded from 9 to 12 input channels for cpu/);
    } finally {
      await result.model.release();
    }
  });

  it('reports a UNet the rewrite does not cover instead of throwing', async () => {
    const path = join(modelDir('optimum-4ch'), 'unet', 'model.onnx');
    const result = await loadWithPaddedConvolutions(path, 'cpu');
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /does not cover this UNet: no Conv with 9/);
  });
});

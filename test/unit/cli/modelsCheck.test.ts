// `maskmedpaint models check`: the graphs of a model are run on the CPU and on another provider with
// the same inputs. This machine has no GPU provider, so the comparison itself is exercised CPU
// against CPU (it must find no difference), the verdict on recorded differences (the WebGPU
// measurements of bench/results/gpu-h200.md), and an unavailable provider end to end.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { compareWithCpu } from '../../../src/core/backend/providerCompare';
import { checkModel, graphsOf, verdict } from '../../../src/cli/commands/modelsCheck';
import { UsageError } from '../../../src/cli/exitCodes';
import { modelDir } from '../diffusion/sdFixtures';

function capture(): { io: { stdout: PassThrough; stderr: PassThrough }; text: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: string[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c.toString()));
  stderr.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { io: { stdout, stderr }, text: () => chunks.join('') };
}

describe('models check', () => {
  it('finds the four graphs of a Stable Diffusion folder, and a single .onnx file', () => {
    const folder = modelDir('optimum-9ch');
    assert.deepEqual(
      graphsOf(folder).map((g) => g.slice(folder.length + 1)),
      [
        'text_encoder/model.onnx',
        'unet/model.onnx',
        'vae_encoder/model.onnx',
        'vae_decoder/model.onnx',
      ],
    );
    const unet = join(folder, 'unet', 'model.onnx');
    assert.deepEqual(graphsOf(unet), [unet]);
  });

  it('compares a graph output by output; the same provider twice differs by nothing', async () => {
    const result = await compareWithCpu(
      join(modelDir('fp16-optimum-9ch'), 'unet', 'model.onnx'),
      'cpu',
    );
    assert.equal(result.ranOn, 'cpu');
    assert.equal(result.float16, true);
    assert.equal(result.outputs.length, 1);
    assert.equal(result.outputs[0].name, 'out_sample');
    assert.deepEqual(result.outputs[0].dims, [2, 4, 8, 8]);
    assert.equal(result.outputs[0].maxAbsDiff, 0);
    assert.ok(result.outputs[0].maxAbs > 0, 'the inputs drive a non-zero output');
  });

  it('calls float rounding agreement and a wrong kernel a difference', () => {
    const base = { ranOn: 'webgpu' as const, fallbacks: [] };
    const out = (maxAbsDiff: number, maxAbs: number) => ({
      name: 'y',
      dims: [1],
      maxAbsDiff,
      maxAbs,
    });
    // Measured on an H200: the 4-channel UNet agrees, the 9-channel one does not.
    assert.equal(verdict({ ...base, float16: false, outputs: [out(2.0e-6, 0.109)] }).agrees, true);
    assert.equal(verdict({ ...base, float16: false, outputs: [out(0.136, 0.164)] }).agrees, false);
    assert.equal(verdict({ ...base, float16: true, outputs: [out(4.07, 4.14)] }).agrees, false);
    assert.equal(verdict({ ...base, float16: true, outputs: [out(0.02, 4)] }).agrees, true);
  });

  it('says when the provider is not available here, with the reason, and exits 1', async () => {
    const provider = process.platform === 'win32' ? 'coreml' : 'dml';
    const { io, text } = capture();
    const code = await checkModel(modelDir('optimum-4ch'), { provider }, io);
    assert.equal(code, 1);
    assert.match(
      text(),
      new RegExp(`${provider} is not available on this machine, nothing to compare: .+`),
    );
  });

  it('refuses the CPU as the provider to check and a model that does not exist', async () => {
    const { io } = capture();
    await assert.rejects(checkModel(modelDir('optimum-4ch'), { provider: 'cpu' }, io), UsageError);
    await assert.rejects(
      checkModel(join(modelDir('optimum-4ch'), 'nope'), { provider: 'webgpu' }, io),
      /neither an existing path nor a registered model id/,
    );
  });
});

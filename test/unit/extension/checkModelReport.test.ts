// "Check Model on GPU Provider": the CLI's JSON report -> log lines and notification, and the
// validation of that report (it comes from a child process). The contract test feeds the parser
// what the real `models check --json` prints for the fixture model on this machine.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { checkModel } from '../../../src/cli/commands/modelsCheck';
import {
  checkOutcome,
  conciseReason,
  parseCheckReport,
  reportLogLines,
} from '../../../src/extension/models/checkModelReport';
import { modelDir } from '../diffusion/sdFixtures';

const ADAPTER_ERROR =
  '/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 ' +
  'onnxruntime::webgpu::WebGpuContext::Initialize(const onnxruntime::webgpu::WebGpuContextConfig&)' +
  '::<lambda()> adapter_result.status == wgpu::RequestAdapterStatus::Success was false. ' +
  'Failed to get a WebGPU adapter: No supported adapters\n';

function graph(name: string, agrees: boolean, ranOn = 'webgpu', maxAbsDiff: number | null = 1e-6) {
  return {
    graph: name,
    tolerance: 0.001,
    agrees,
    ranOn,
    fallbacks: ranOn === 'webgpu' ? [] : [{ provider: 'webgpu', error: ADAPTER_ERROR }],
    float16: false,
    outputs: [{ name: 'out_sample', dims: [2, 4, 8, 8], maxAbsDiff, maxAbs: 2 }],
  };
}

function report(graphs: unknown[], ok: boolean): string {
  return JSON.stringify({ model: '/models/sd', provider: 'webgpu', ok, graphs }, null, 2);
}

describe('checkModelReport', () => {
  it('agrees when every graph ran on the provider and agrees', () => {
    const parsed = parseCheckReport(
      report([graph('text_encoder/model.onnx', true), graph('unet/model.onnx', true)], true),
    );
    const outcome = checkOutcome(parsed);
    assert.equal(outcome.kind, 'agrees');
    assert.match(outcome.message, /^webgpu computes every graph .* like the CPU \(2 checked\)/);
    const lines = reportLogLines(parsed);
    assert.equal(lines.length, 2);
    assert.match(lines[1], /unet\/model\.onnx out_sample: .*relative 5\.0e-7.* agrees$/);
  });

  it('names the graphs that differ and advises the CPU', () => {
    const parsed = parseCheckReport(
      report(
        [
          graph('text_encoder/model.onnx', true),
          // The 9-channel fixture UNet on the H200's WebGPU (bench/results/gpu-h200/models-check.txt).
          {
            ...graph('unet/model.onnx', false),
            outputs: [{ name: 'out_sample', dims: [2, 4, 8, 8], maxAbsDiff: 0.118, maxAbs: 0.111 }],
          },
          graph('vae_decoder/model.onnx', true),
        ],
        false,
      ),
    );
    const outcome = checkOutcome(parsed);
    assert.equal(outcome.kind, 'differs');
    assert.equal(
      outcome.message,
      'webgpu computes unet/model.onnx differently from the CPU: use the CPU for this model, ' +
        "or WebGPU's other layout (the maskmedpaint.webgpuLayout setting) and check again.",
    );
    assert.match(
      reportLogLines(parsed)[1],
      /max \|diff\| 0\.118 of max \|value\| 0\.111 \(relative 1\.06, tolerance 0\.001\) DIFFERS$/,
    );
  });

  it('reads a null difference (outputs of different sizes) as a difference', () => {
    const parsed = parseCheckReport(
      report([graph('unet/model.onnx', false, 'webgpu', null)], false),
    );
    assert.equal(parsed.graphs[0].outputs[0].maxAbsDiff, Infinity);
    assert.match(reportLogLines(parsed)[0], /max \|diff\| different sizes/);
  });

  it('says the provider is not available, with the readable part of the reason', () => {
    const parsed = parseCheckReport(report([graph('text_encoder/model.onnx', true, 'cpu')], false));
    const outcome = checkOutcome(parsed);
    assert.equal(outcome.kind, 'unavailable');
    assert.equal(
      outcome.message,
      'webgpu is not available on this machine: Failed to get a WebGPU adapter: No supported adapters',
    );
    const lines = reportLogLines(parsed);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /text_encoder\/model\.onnx: webgpu could not load it \(ran on cpu\)/);
    assert.ok(lines[0].includes('webgpu_context.cc:136'), 'the log keeps the full reason');
  });

  it('shortens reasons only where onnxruntime adds noise', () => {
    assert.equal(
      conciseReason('libcudart.so.12: cannot open shared object file'),
      'libcudart.so.12: cannot open shared object file',
    );
    assert.equal(conciseReason('  '), 'no reason given');
    const long = conciseReason('x'.repeat(1000));
    assert.equal(long.length, 300);
    assert.ok(long.endsWith('…'));
  });

  it('rejects junk with a message saying what is wrong', () => {
    assert.throws(() => parseCheckReport(''), /printed no JSON report \(nothing\)/);
    assert.throws(
      () => parseCheckReport('Segmentation fault'),
      /no JSON report \("Segmentation fault"\)/,
    );
    assert.throws(() => parseCheckReport('[]'), /the report is not an object/);
    assert.throws(
      () => parseCheckReport(JSON.stringify({ model: 'm', provider: 'cpu', ok: true, graphs: [] })),
      /unknown provider "cpu"/,
    );
    assert.throws(() => parseCheckReport(report([], true)), /lists no graphs/);
    const wrongAgrees = { ...graph('unet/model.onnx', true), agrees: 'yes' };
    assert.throws(
      () => parseCheckReport(report([wrongAgrees], true)),
      /graphs\[0\]\.agrees is not true or false/,
    );
    const badOutput = {
      ...graph('unet/model.onnx', true),
      outputs: [{ name: 'y', maxAbsDiff: '0', maxAbs: 1 }],
    };
    assert.throws(
      () => parseCheckReport(report([badOutput], true)),
      /outputs\[0\]\.maxAbsDiff is not a number/,
    );
  });

  it('accepts what the real `models check --json` prints, with a consistent verdict', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const chunks: string[] = [];
    stdout.on('data', (c: Buffer) => chunks.push(c.toString()));
    const exit = await checkModel(
      modelDir('optimum-9ch'),
      { provider: 'webgpu', json: true },
      {
        stdout,
        stderr,
      },
    );
    const parsed = parseCheckReport(chunks.join(''));
    const outcome = checkOutcome(parsed);
    assert.equal(parsed.provider, 'webgpu');
    // Without a WebGPU adapter (CI) the provider is unavailable; on a GPU it agrees or differs.
    assert.equal(outcome.kind === 'agrees', exit === 0);
    if (parsed.graphs.some((g) => g.ranOn !== 'webgpu')) assert.equal(outcome.kind, 'unavailable');
    assert.ok(reportLogLines(parsed).length > 0);
  });
});

// The WebGPU layout knob: which layout MASKMEDPAINT_WEBGPU_LAYOUT asks for, what onnxruntime is
// given, that a mistyped value stops a WebGPU load with the reason (not a silent fallback to the
// CPU), and that the probes' caches keep the two layouts apart. No GPU needed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OrtModel } from '../../../src/core/backend/ort';
import { CONV9_PROBE_ONNX_BASE64 } from '../../../src/core/backend/probes/conv9Probe';
import { probeNineChannelConvolution } from '../../../src/core/backend/providerProbe';
import {
  executionProviderEntry,
  layoutFor,
  providerComputeKey,
  WEBGPU_LAYOUT_ENV,
  webgpuLayout,
  webgpuLayoutEnvironment,
} from '../../../src/core/backend/webgpuLayout';

describe('webgpuLayout', () => {
  it("is onnxruntime's default (NHWC) when the variable is unset or empty", () => {
    assert.equal(webgpuLayout({}), 'NHWC');
    assert.equal(webgpuLayout({ [WEBGPU_LAYOUT_ENV]: '  ' }), 'NHWC');
  });

  it('takes NCHW or NHWC in any letter case', () => {
    assert.equal(webgpuLayout({ [WEBGPU_LAYOUT_ENV]: 'nchw' }), 'NCHW');
    assert.equal(webgpuLayout({ [WEBGPU_LAYOUT_ENV]: ' NCHW ' }), 'NCHW');
    assert.equal(webgpuLayout({ [WEBGPU_LAYOUT_ENV]: 'Nhwc' }), 'NHWC');
  });

  it('refuses anything else, naming the variable and the accepted values', () => {
    assert.throws(
      () => webgpuLayout({ [WEBGPU_LAYOUT_ENV]: 'CHW' }),
      /MASKMEDPAINT_WEBGPU_LAYOUT must be one of NHWC, NCHW, got 'CHW'/,
    );
  });
});

describe('webgpuLayoutEnvironment (the extension setting)', () => {
  it('passes the setting on, and the default for a value it does not know', () => {
    assert.deepEqual(webgpuLayoutEnvironment('NCHW'), { [WEBGPU_LAYOUT_ENV]: 'NCHW' });
    assert.deepEqual(webgpuLayoutEnvironment('NHWC'), { [WEBGPU_LAYOUT_ENV]: 'NHWC' });
    assert.deepEqual(webgpuLayoutEnvironment(undefined), { [WEBGPU_LAYOUT_ENV]: 'NHWC' });
    assert.deepEqual(webgpuLayoutEnvironment(42), { [WEBGPU_LAYOUT_ENV]: 'NHWC' });
  });
});

describe('executionProviderEntry', () => {
  it("gives WebGPU its layout as onnxruntime's preferredLayout and names the others", () => {
    assert.deepEqual(executionProviderEntry('webgpu', 'NCHW'), {
      name: 'webgpu',
      preferredLayout: 'NCHW',
    });
    assert.equal(executionProviderEntry('cuda', 'NCHW'), 'cuda');
    assert.equal(executionProviderEntry('cpu', 'NHWC'), 'cpu');
  });

  it('keys probe results by layout for WebGPU only', () => {
    assert.notEqual(providerComputeKey('webgpu', 'NHWC'), providerComputeKey('webgpu', 'NCHW'));
    assert.equal(providerComputeKey('cuda', 'NHWC'), providerComputeKey('cuda', 'NCHW'));
  });
});

describe('OrtModel.load with a WebGPU layout', () => {
  const probe = Buffer.from(CONV9_PROBE_ONNX_BASE64, 'base64');

  it('stops a WebGPU load when the variable is mistyped, instead of falling back', async () => {
    const saved = process.env[WEBGPU_LAYOUT_ENV];
    process.env[WEBGPU_LAYOUT_ENV] = 'sideways';
    try {
      await assert.rejects(
        OrtModel.load(probe, { preference: 'webgpu' }),
        /MASKMEDPAINT_WEBGPU_LAYOUT must be one of NHWC, NCHW, got 'sideways'/,
      );
      // Providers without a layout to choose do not read it: a CPU load, the CPU's probe, and
      // the layout any other provider is keyed by.
      const cpu = await OrtModel.load(probe, { preference: 'cpu' });
      assert.equal(cpu.webgpuLayout, undefined);
      await cpu.release();
      assert.equal((await probeNineChannelConvolution('cpu')).ok, true);
      assert.equal(layoutFor('cuda'), 'NHWC');
      assert.throws(() => layoutFor('webgpu'), /MASKMEDPAINT_WEBGPU_LAYOUT/);
      assert.equal(layoutFor('webgpu', 'NCHW'), 'NCHW');
    } finally {
      if (saved === undefined) delete process.env[WEBGPU_LAYOUT_ENV];
      else process.env[WEBGPU_LAYOUT_ENV] = saved;
    }
  });
});

// The claim behind MASKMEDPAINT_WEBGPU_LAYOUT=NCHW: in the NCHW layout onnxruntime's WebGPU provider
// computes a 3x3 convolution like the CPU for every input channel count from 1 to 17, while in its
// default NHWC layout some counts are wrong (9, an inpainting UNet's first layer, among them; the
// wrong ones are printed, as onnxruntime may fix or move them).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OrtModel } from '../../src/core/backend/ort';
import type { WebGpuLayout } from '../../src/core/backend/webgpuLayout';
import { convModel } from '../unit/gpu/onnxTestGraphs';

/** Probe outputs are of order 1: anything above this is a wrong kernel, not float rounding. */
const TOLERANCE = 1e-3;

async function output(bytes: Uint8Array, channels: number, layout?: WebGpuLayout) {
  const model = await OrtModel.load(
    bytes,
    layout ? { preference: 'webgpu', webgpuLayout: layout } : { preference: 'cpu' },
  );
  try {
    if (layout) assert.equal(model.executionProvider, 'webgpu', 'WebGPU did not load');
    const x = Float32Array.from({ length: channels * 64 }, (_, i) => Math.sin(i * 0.13));
    const { y } = await model.run({ x: { dtype: 'float32', dims: [1, channels, 8, 8], data: x } });
    if (y?.dtype !== 'float32') throw new Error('the convolution produced no float32 y');
    return y.data;
  } finally {
    await model.release();
  }
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('WebGPU convolution layouts', () => {
  it('NCHW matches the CPU for 1 to 17 input channels; NHWC gets 9 wrong', async () => {
    const wrongInNchw: string[] = [];
    const wrongInNhwc: number[] = [];
    for (let channels = 1; channels <= 17; channels++) {
      const bytes = convModel({ inputChannels: channels });
      const cpu = await output(bytes, channels);
      const nchw = maxAbsDiff(cpu, await output(bytes, channels, 'NCHW'));
      if (!(nchw <= TOLERANCE)) wrongInNchw.push(`${channels} (${nchw})`);
      if (!(maxAbsDiff(cpu, await output(bytes, channels, 'NHWC')) <= TOLERANCE))
        wrongInNhwc.push(channels);
    }
    console.log(`input channel counts NHWC computes wrongly: ${wrongInNhwc.join(', ') || 'none'}`);
    assert.deepEqual(wrongInNchw, [], 'NCHW computed these channel counts wrongly');
    assert.ok(wrongInNhwc.includes(9), 'NHWC computed 9 channels right: onnxruntime fixed it?');
  });
});

/**
 * Checks that a GPU execution provider computes what the CPU provider computes on a graph known to
 * trip one: onnxruntime-node 1.30's WebGPU provider gets a convolution with 9 input channels (an
 * inpainting UNet's conv_in) wrong while 1, 4, 5 and 12 channels are right (measured on an H200,
 * bench/results/gpu-h200.md). A wrong UNet gives plausible-looking but wrong images, so the engine
 * runs this probe before trusting a provider with a 9-channel UNet. It takes milliseconds.
 */
import { OrtModel, type ProviderName } from './ort';
import { CONV9_PROBE_ONNX_BASE64 } from './probes/conv9Probe';
import { layoutFor, providerComputeKey, type WebGpuLayout } from './webgpuLayout';

export interface ProbeResult {
  /** True when the provider agrees with the CPU (or could not be loaded, so it is not used). */
  ok: boolean;
  /** The provider the probe actually ran on (the CPU when the requested one failed to load). */
  ranOn: ProviderName;
  maxAbsDiff: number;
}

/** Differences above this (outputs are of order 1) mean a wrong kernel, not float rounding. */
const TOLERANCE = 1e-3;

/** Probe results by provider (and WebGPU layout: the bug is in one of them). */
const results = new Map<string, Promise<ProbeResult>>();

/**
 * Runs the 9-input-channel convolution probe on `provider` (WebGPU in `layout`, default: the
 * environment's, as every session) and the CPU, once per process.
 */
export function probeNineChannelConvolution(
  provider: ProviderName,
  requested?: WebGpuLayout,
): Promise<ProbeResult> {
  const layout = layoutFor(provider, requested);
  const key = providerComputeKey(provider, layout);
  let result = results.get(key);
  if (!result) {
    result = runProbe(provider, layout);
    results.set(key, result);
  }
  return result;
}

async function runProbe(provider: ProviderName, layout: WebGpuLayout): Promise<ProbeResult> {
  const bytes = Uint8Array.from(Buffer.from(CONV9_PROBE_ONNX_BASE64, 'base64'));
  const { maxAbsDiff, ranOn } = await runOnBoth(bytes, bytes, provider, layout);
  return { ok: !(maxAbsDiff > TOLERANCE), ranOn, maxAbsDiff };
}

/**
 * Runs `reference` on the CPU and `candidate` (a graph with the probe's input x [1, 9, 8, 8] and
 * output y, e.g. the probe rewritten) on `provider`, and returns their largest difference.
 */
export async function compareOnProvider(
  reference: Uint8Array,
  candidate: Uint8Array,
  provider: ProviderName,
  requested?: WebGpuLayout,
): Promise<number> {
  return (await runOnBoth(reference, candidate, provider, layoutFor(provider, requested)))
    .maxAbsDiff;
}

async function runOnBoth(
  referenceBytes: Uint8Array,
  candidateBytes: Uint8Array,
  provider: ProviderName,
  layout: WebGpuLayout,
): Promise<{ maxAbsDiff: number; ranOn: ProviderName }> {
  const reference = await OrtModel.load(referenceBytes, { preference: 'cpu' });
  const candidate = await OrtModel.load(candidateBytes, {
    preference: provider,
    webgpuLayout: layout,
  });
  try {
    const x = Float32Array.from({ length: 9 * 8 * 8 }, (_, i) => Math.sin(i * 0.13));
    const feeds = { x: { dtype: 'float32' as const, dims: [1, 9, 8, 8], data: x } };
    const [expected, actual] = [(await reference.run(feeds)).y, (await candidate.run(feeds)).y];
    if (expected?.dtype !== 'float32' || actual?.dtype !== 'float32')
      throw new Error('the provider probe produced no float32 output y');
    let maxAbsDiff = expected.data.length === actual.data.length ? 0 : Infinity;
    for (let i = 0; i < expected.data.length; i++)
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(expected.data[i] - actual.data[i]));
    return { maxAbsDiff, ranOn: candidate.executionProvider };
  } finally {
    await Promise.all([reference.release(), candidate.release()]);
  }
}

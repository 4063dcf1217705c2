/**
 * Child-process entry of `gpu status` (bundled as dist/providerTrial.js): tries one execution
 * provider on a tiny embedded graph and, when it loads, runs the 9-channel convolution probe on
 * it. It runs in its own process because a provider library can crash the process that loads it
 * (a native fault, not an exception); the CLI then reports the crash instead of dying.
 * WebGPU's probe runs in both layouts (webgpuLayout.ts): the one runs use, and the other.
 * Prints one JSON line: {"provider", "loads", "error"?, "probe"?: {"ok", "maxAbsDiff"},
 * "layout"?, "otherLayout"?: {"layout", "ok", "maxAbsDiff"}}.
 */
import { keepRuntimeErrorLog, OrtModel, type ProviderName } from '../backend/ort';
import { CONV9_PROBE_ONNX_BASE64 } from '../backend/probes/conv9Probe';
import { probeNineChannelConvolution } from '../backend/providerProbe';
import { webgpuLayout } from '../backend/webgpuLayout';
import type { TrialReport } from './providerTrial';

const PROVIDERS: readonly ProviderName[] = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'];

async function main(): Promise<void> {
  const provider = PROVIDERS.find((p) => p === process.argv[2]);
  if (!provider) throw new Error(`usage: providerTrial PROVIDER (one of ${PROVIDERS.join(', ')})`);
  keepRuntimeErrorLog();
  const bytes = Uint8Array.from(Buffer.from(CONV9_PROBE_ONNX_BASE64, 'base64'));
  const model = await OrtModel.load(bytes, { preference: provider });
  await model.release();
  let report: TrialReport;
  if (model.executionProvider !== provider) {
    const error = model.fallbacks.find((f) => f.provider === provider)?.error ?? 'did not load';
    report = { provider, loads: false, error };
  } else {
    const probe = await probeNineChannelConvolution(provider);
    report = { provider, loads: true, probe: { ok: probe.ok, maxAbsDiff: probe.maxAbsDiff } };
    if (provider === 'webgpu') {
      const layout = webgpuLayout();
      const other = layout === 'NHWC' ? 'NCHW' : 'NHWC';
      const otherProbe = await probeNineChannelConvolution(provider, other);
      report.layout = layout;
      report.otherLayout = { layout: other, ok: otherProbe.ok, maxAbsDiff: otherProbe.maxAbsDiff };
    }
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);

/**
 * Loads a graph on WebGPU in the NCHW layout, where onnxruntime-node 1.30 computes the
 * convolutions its default NHWC layout gets wrong (webgpuLayout.ts). The engine uses it for an
 * inpainting UNet the padding rewrite does not cover (an ONNX IR version newer than the bundled
 * schema, a shared or grouped first weight: convPadding/), which would otherwise run on the CPU.
 * Trusted only when the 9-channel probe passes in NCHW on that provider.
 */
import { OrtModel, type ProviderName } from './ort';
import { probeNineChannelConvolution } from './providerProbe';

/** The graph loaded in NCHW, or why not; undefined where the provider has no layout to choose. */
export type RelayoutResult =
  { ok: true; model: OrtModel; note: string } | { ok: false; reason: string } | undefined;

/** Loads `modelPath` on WebGPU in NCHW when the probe passes there; never throws for the probe. */
export async function loadInNchwLayout(
  modelPath: string,
  provider: ProviderName,
  options: { intraOpThreads?: number } = {},
): Promise<RelayoutResult> {
  if (provider !== 'webgpu') return undefined;
  const probe = await probeNineChannelConvolution(provider, 'NCHW');
  if (!probe.ok)
    return {
      ok: false,
      reason: `the probe is wrong in the NCHW layout too (differs by ${probe.maxAbsDiff.toPrecision(3)})`,
    };
  const model = await OrtModel.load(modelPath, {
    preference: provider,
    webgpuLayout: 'NCHW',
    ...(options.intraOpThreads ? { intraOpThreads: options.intraOpThreads } : {}),
  });
  if (model.executionProvider !== provider) {
    await model.release();
    return { ok: false, reason: `the UNet did not load on ${provider} in the NCHW layout` };
  }
  return { ok: true, model, note: `computed in the NCHW layout on ${provider}` };
}

/**
 * Loads a 9-channel (inpainting) UNet on a provider that computes 9-input-channel convolutions
 * wrongly, through the padding rewrite of padConvolutionChannels.ts, when that provider computes
 * the padded form right. The padded form is checked on the provider first with the probe graph
 * rewritten the same way (once per provider and process), so a provider that also gets Pad or
 * 12-channel convolutions wrong is never trusted; graphs the rewrite does not cover are left to the
 * caller (the engine then runs the UNet on the CPU).
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { OrtModel, type ProviderName } from '../ort';
import { CONV9_PROBE_ONNX_BASE64 } from '../probes/conv9Probe';
import { compareOnProvider } from '../providerProbe';
import { layoutFor, providerComputeKey, type WebGpuLayout } from '../webgpuLayout';
import { UnsupportedModelError } from './onnxModelCodec';
import { NINE_TO_TWELVE, padConvolutionChannels } from './padConvolutionChannels';

/** The rewritten UNet on the provider, or why it could not be used. */
export type PaddedLoadResult =
  { ok: true; model: OrtModel; note: string } | { ok: false; reason: string };

const paddedProbes = new Map<string, Promise<number>>();

/** Largest difference between the padded probe on `provider` and the original probe on the CPU. */
function paddedProbeDifference(provider: ProviderName, layout: WebGpuLayout): Promise<number> {
  const key = providerComputeKey(provider, layout);
  let result = paddedProbes.get(key);
  if (!result) {
    const original = Uint8Array.from(Buffer.from(CONV9_PROBE_ONNX_BASE64, 'base64'));
    const padded = padConvolutionChannels(original, undefined, NINE_TO_TWELVE).bytes;
    result = compareOnProvider(original, padded, provider, layout);
    paddedProbes.set(key, result);
  }
  return result;
}

/** Differences above this (probe outputs are of order 1) mean a wrong kernel, not rounding. */
const TOLERANCE = 1e-3;

/** Loads `modelPath` rewritten on `provider`; never throws for a graph it does not cover. */
export async function loadWithPaddedConvolutions(
  modelPath: string,
  provider: ProviderName,
  options: { intraOpThreads?: number } = {},
): Promise<PaddedLoadResult> {
  const layout = layoutFor(provider);
  const probeDifference = await paddedProbeDifference(provider, layout);
  if (!(probeDifference <= TOLERANCE))
    return {
      ok: false,
      reason: `the 12-channel padded convolution is wrong on ${provider} too (differs by ${probeDifference.toPrecision(3)})`,
    };
  let padded: ReturnType<typeof padConvolutionChannels>;
  try {
    padded = padConvolutionChannels(readFileSync(modelPath), dirname(modelPath), NINE_TO_TWELVE);
  } catch (error) {
    if (error instanceof UnsupportedModelError)
      return {
        ok: false,
        reason: `the padding rewrite does not cover this UNet: ${error.message}`,
      };
    throw error;
  }
  const model = await OrtModel.load(padded.bytes, {
    preference: provider,
    externalDataFolder: dirname(modelPath),
    webgpuLayout: layout,
    ...(options.intraOpThreads ? { intraOpThreads: options.intraOpThreads } : {}),
  });
  if (model.executionProvider !== provider) {
    await model.release();
    return { ok: false, reason: `the rewritten UNet did not load on ${provider}` };
  }
  return {
    ok: true,
    model,
    note: `${padded.convolutions.join(', ')} padded from 9 to 12 input channels for ${provider}`,
  };
}

/**
 * Keeps a 9-channel (inpainting) UNet off an execution provider that computes its first
 * convolution wrongly: the probe of core/backend/providerProbe.ts runs once per provider and
 * process, and a failing provider's UNet is reloaded on the CPU with the reason recorded as a
 * fallback, so the user sees why (the other graphs stay on the GPU provider).
 */
import { join } from 'node:path';
import { OrtModel, type ProviderFallback, type ProviderName } from '../../backend/ort';
import type { PaddedLoadResult } from '../../backend/convPadding/paddedModelLoader';
import { probeNineChannelConvolution, type ProbeResult } from '../../backend/providerProbe';

/** What the guard needs of the loaded UNet. */
export interface GuardedUnet {
  readonly executionProvider: ProviderName;
  readonly fallbacks: ProviderFallback[];
  release(): Promise<void>;
}

/**
 * Returns the UNet to use and its fallbacks: `current` itself when nothing is wrong, else the
 * rewritten UNet on the same provider (with a note saying what was rewritten), else the folder's
 * UNet loaded on the CPU (and `current` released).
 */
export async function guardUnetProvider<T extends GuardedUnet>(
  folder: string,
  unetChannels: 4 | 9,
  current: T,
  options: { intraOpThreads?: number },
  probe: (provider: ProviderName) => Promise<ProbeResult> = probeNineChannelConvolution,
  /** Loads the UNet in a form the provider computes right (core/backend/convPadding), if any. */
  repair?: (unetPath: string, provider: ProviderName) => Promise<PaddedLoadResult>,
): Promise<{ unet: T | OrtModel; fallbacks: ProviderFallback[]; note?: string }> {
  const provider = current.executionProvider;
  if (unetChannels !== 9 || provider === 'cpu')
    return { unet: current, fallbacks: current.fallbacks };
  const result = await probe(provider);
  if (result.ok) return { unet: current, fallbacks: current.fallbacks };
  const repaired = await repair?.(join(folder, 'unet', 'model.onnx'), provider);
  if (repaired?.ok) {
    await current.release();
    return { unet: repaired.model, fallbacks: current.fallbacks, note: `unet: ${repaired.note}` };
  }
  const cpu = await OrtModel.load(join(folder, 'unet', 'model.onnx'), {
    preference: 'cpu',
    ...(options.intraOpThreads ? { intraOpThreads: options.intraOpThreads } : {}),
  });
  await current.release();
  const reason =
    `computes a 9-input-channel convolution (an inpainting UNet's first layer) wrongly in this ` +
    `onnxruntime build: a one-convolution probe differs from the CPU by ${result.maxAbsDiff.toPrecision(3)}. ` +
    `${repaired ? `The padding rewrite cannot help (${repaired.reason}). ` : ''}` +
    'The UNet runs on the CPU instead; the other graphs stay on the GPU.';
  return { unet: cpu, fallbacks: [...current.fallbacks, { provider, error: reason }] };
}

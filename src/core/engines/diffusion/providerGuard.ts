/**
 * Keeps a 9-channel (inpainting) UNet off an execution provider that computes its first
 * convolution wrongly: the probe of core/backend/providerProbe.ts runs once per provider (and
 * WebGPU layout) and process. A failing provider gets the UNet in a form it computes right, the
 * padding rewrite first, then (WebGPU) the NCHW layout; when neither applies the UNet is reloaded
 * on the CPU with the reasons recorded as a fallback, so the user sees why (the other graphs stay
 * on the GPU provider).
 */
import { join } from 'node:path';
import { OrtModel, type ProviderFallback, type ProviderName } from '../../backend/ort';
import type { PaddedLoadResult } from '../../backend/convPadding/paddedModelLoader';
import type { RelayoutResult } from '../../backend/nchwLayoutLoader';
import { probeNineChannelConvolution, type ProbeResult } from '../../backend/providerProbe';

/** What the guard needs of the loaded UNet. */
export interface GuardedUnet {
  readonly executionProvider: ProviderName;
  readonly fallbacks: ProviderFallback[];
  release(): Promise<void>;
}

/** Ways to load the UNet so that a provider failing the probe computes it right, tried in order. */
export interface UnetRepairs {
  /** The padding rewrite (core/backend/convPadding) on the same provider. */
  pad?: (unetPath: string, provider: ProviderName) => Promise<PaddedLoadResult>;
  /** The UNet as exported in WebGPU's NCHW layout (core/backend/nchwLayoutLoader). */
  relayout?: (unetPath: string, provider: ProviderName) => Promise<RelayoutResult>;
}

/**
 * Returns the UNet to use and its fallbacks: `current` itself when nothing is wrong, else the UNet
 * loaded by the first repair that works (with a note saying what was done), else the folder's UNet
 * loaded on the CPU (and `current` released).
 */
export async function guardUnetProvider<T extends GuardedUnet>(
  folder: string,
  unetChannels: 4 | 9,
  current: T,
  options: { intraOpThreads?: number },
  probe: (provider: ProviderName) => Promise<ProbeResult> = probeNineChannelConvolution,
  repairs: UnetRepairs = {},
): Promise<{ unet: T | OrtModel; fallbacks: ProviderFallback[]; note?: string }> {
  const provider = current.executionProvider;
  if (unetChannels !== 9 || provider === 'cpu')
    return { unet: current, fallbacks: current.fallbacks };
  const result = await probe(provider);
  if (result.ok) return { unet: current, fallbacks: current.fallbacks };
  const unetPath = join(folder, 'unet', 'model.onnx');
  const padded = await repairs.pad?.(unetPath, provider);
  if (padded?.ok) {
    await current.release();
    return { unet: padded.model, fallbacks: current.fallbacks, note: `unet: ${padded.note}` };
  }
  const relaid = await repairs.relayout?.(unetPath, provider);
  if (relaid?.ok) {
    await current.release();
    const why = padded ? ` (the padding rewrite does not apply: ${padded.reason})` : '';
    return { unet: relaid.model, fallbacks: current.fallbacks, note: `unet: ${relaid.note}${why}` };
  }
  const cpu = await OrtModel.load(unetPath, {
    preference: 'cpu',
    ...(options.intraOpThreads ? { intraOpThreads: options.intraOpThreads } : {}),
  });
  await current.release();
  const reason =
    `computes a 9-input-channel convolution (an inpainting UNet's first layer) wrongly in this ` +
    `onnxruntime build: a one-convolution probe differs from the CPU by ${result.maxAbsDiff.toPrecision(3)}. ` +
    `${padded ? `The padding rewrite cannot help (${padded.reason}). ` : ''}` +
    `${relaid ? `The NCHW layout cannot help (${relaid.reason}). ` : ''}` +
    'The UNet runs on the CPU instead; the other graphs stay on the GPU.';
  return { unet: cpu, fallbacks: [...current.fallbacks, { provider, error: reason }] };
}

/**
 * Which execution provider runs, decided from what was tried. `auto` prefers CUDA (Linux and
 * Windows) when it loads and passes the 9-channel probe, then the provider onnxruntime-node
 * bundles for the platform (DirectML on Windows, Core ML on macOS), then the CPU; WebGPU runs only
 * where it is chosen. Pure: `gpu status` reports the choice with the reason for every provider
 * passed over, and ort.ts tries the providers in this order.
 */
import type { ExecutionProviderPreference } from '../../shared/recipe';

/**
 * Execution providers this backend knows how to ask onnxruntime-node for (declared here, not in
 * ort.ts, which imports this file: no import cycle).
 */
export type ProviderName = Exclude<ExecutionProviderPreference, 'auto'>;

/** The providers to try, best first; every order ends with the CPU. */
export function providerOrder(
  preference: ExecutionProviderPreference,
  platform: NodeJS.Platform = process.platform,
): ProviderName[] {
  if (preference === 'cpu') return ['cpu'];
  if (preference !== 'auto') return [preference, 'cpu'];
  if (platform === 'win32') return ['cuda', 'dml', 'cpu'];
  if (platform === 'darwin') return ['coreml', 'cpu'];
  if (platform === 'linux') return ['cuda', 'cpu'];
  return ['cpu'];
}

/** What trying a provider on this machine showed. */
export interface ProviderOutcome {
  loads: boolean;
  /** Why it did not load (onnxruntime's message or a missing piece). */
  error?: string;
  /** Whether it computes the 9-input-channel convolution probe like the CPU (undefined: not run). */
  probeOk?: boolean;
}

export interface ProviderChoice {
  chosen: ProviderName;
  /** Providers tried before the chosen one, with why each was passed over. */
  passedOver: { provider: ProviderName; reason: string }[];
  /** Something to know about the chosen provider (e.g. how 9-channel UNets run on it). */
  note?: string;
}

/** The provider `preference` ends with on `platform` given the outcomes (missing = not tried). */
export function chooseProvider(
  preference: ExecutionProviderPreference,
  platform: NodeJS.Platform,
  outcomes: Partial<Record<ProviderName, ProviderOutcome>>,
): ProviderChoice {
  const passedOver: ProviderChoice['passedOver'] = [];
  for (const provider of providerOrder(preference, platform)) {
    if (provider === 'cpu') return { chosen: 'cpu', passedOver };
    const outcome = outcomes[provider];
    if (!outcome) {
      passedOver.push({ provider, reason: 'not tried' });
    } else if (!outcome.loads) {
      passedOver.push({ provider, reason: outcome.error ?? 'does not load' });
    } else if (outcome.probeOk === false && provider === 'cuda') {
      passedOver.push({
        provider,
        reason: 'loads but computes the 9-channel convolution probe differently from the CPU',
      });
    } else if (outcome.probeOk === false) {
      const fallback =
        provider === 'webgpu'
          ? "in WebGPU's NCHW layout, or on the CPU, where the rewrite does not apply"
          : 'or on the CPU where the rewrite does not apply';
      const note = `${provider} computes 9-channel convolutions wrongly: inpainting UNets run on it through the padding rewrite (${fallback})`;
      return { chosen: provider, passedOver, note };
    } else {
      return { chosen: provider, passedOver };
    }
  }
  return { chosen: 'cpu', passedOver };
}

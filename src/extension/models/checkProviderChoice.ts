/**
 * Which GPU provider "Check Model on GPU Provider" proposes first. Pure (no vscode import, and no
 * onnxruntime: the extension host never loads it), so the rule is unit-tested.
 */
import type { ExecutionProviderPreference } from '../../shared/recipe';
import { CHECK_PROVIDERS, type CheckProvider } from './checkModelReport';

/**
 * The provider to check by default: the `maskmedpaint.executionProvider` setting when it names a
 * GPU provider (that is the one the user's runs would use), else the GPU provider the engine's
 * `auto` tries first on this platform (core/backend/ort.ts `providerOrder`: CUDA on Linux and
 * Windows, CoreML on macOS). Platforms without one there get WebGPU, which onnxruntime-node builds
 * for every desktop platform.
 */
export function defaultCheckProvider(
  setting: ExecutionProviderPreference,
  platform: NodeJS.Platform,
): CheckProvider {
  if (setting !== 'auto' && setting !== 'cpu') return setting;
  if (platform === 'darwin') return 'coreml';
  if (platform === 'win32' || platform === 'linux') return 'cuda';
  return 'webgpu';
}

/** One row of the provider pick. */
export interface ProviderPickRow {
  label: string;
  description: string;
  provider: CheckProvider;
}

const DESCRIPTIONS: Record<CheckProvider, string> = {
  cuda: 'NVIDIA CUDA (Linux, Windows)',
  dml: 'DirectML (Windows)',
  coreml: 'Core ML (macOS)',
  webgpu: 'WebGPU (Dawn: Vulkan, Metal, Direct3D)',
};

/** Every checkable provider, the default first and marked as such. */
export function providerPickRows(defaultProvider: CheckProvider): ProviderPickRow[] {
  return [defaultProvider, ...CHECK_PROVIDERS.filter((p) => p !== defaultProvider)].map((p) => ({
    label: p,
    description: p === defaultProvider ? `${DESCRIPTIONS[p]} · default` : DESCRIPTIONS[p],
    provider: p,
  }));
}

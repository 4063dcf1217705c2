/**
 * The tensor layout onnxruntime's WebGPU provider computes convolutions in. Its default, NHWC,
 * is where onnxruntime-node 1.30 gets some convolutions wrong (9 input channels, an inpainting
 * UNet's first layer, and 6; measured on an H200 and on lavapipe, docs/performance.md); the same
 * graphs in NCHW match the CPU. Which layout is faster on a real GPU is not measured yet, so the
 * default stays onnxruntime's and the engine repairs the 9-channel UNet with the padding rewrite
 * (convPadding/); `MASKMEDPAINT_WEBGPU_LAYOUT=NCHW` runs every WebGPU session in NCHW instead, and
 * the probes then check that layout. Pure: reads the environment it is given.
 */
import type { ProviderName } from './providerChoice';

/** The environment variable that chooses the layout. */
export const WEBGPU_LAYOUT_ENV = 'MASKMEDPAINT_WEBGPU_LAYOUT';

/** The layouts onnxruntime's WebGPU provider accepts as `preferredLayout`. */
export const WEBGPU_LAYOUTS = ['NHWC', 'NCHW'] as const;
export type WebGpuLayout = (typeof WEBGPU_LAYOUTS)[number];

/** onnxruntime's own default. */
export const DEFAULT_WEBGPU_LAYOUT: WebGpuLayout = 'NHWC';

/**
 * The layout `env` asks for (any letter case); the default when unset or empty.
 * @throws Error naming the variable and the accepted values for anything else.
 */
export function webgpuLayout(env: NodeJS.ProcessEnv = process.env): WebGpuLayout {
  const raw = env[WEBGPU_LAYOUT_ENV]?.trim();
  if (raw === undefined || raw === '') return DEFAULT_WEBGPU_LAYOUT;
  const layout = WEBGPU_LAYOUTS.find((candidate) => candidate === raw.toUpperCase());
  if (layout === undefined)
    throw new Error(
      `${WEBGPU_LAYOUT_ENV} must be one of ${WEBGPU_LAYOUTS.join(', ')}, got '${raw}'`,
    );
  return layout;
}

/**
 * The environment that makes a child process (the CLI, its worker) use the layout a setting names;
 * an unknown setting value means the default. The setting wins over an inherited variable.
 */
export function webgpuLayoutEnvironment(setting: unknown): Record<string, string> {
  const layout = WEBGPU_LAYOUTS.find((candidate) => candidate === setting) ?? DEFAULT_WEBGPU_LAYOUT;
  return { [WEBGPU_LAYOUT_ENV]: layout };
}

/**
 * The layout `provider` computes in: `requested` or the environment's for WebGPU, the default for
 * the others (which have no layout to choose, so a mistyped variable does not concern them).
 */
export function layoutFor(provider: ProviderName, requested?: WebGpuLayout): WebGpuLayout {
  if (provider !== 'webgpu') return DEFAULT_WEBGPU_LAYOUT;
  return requested ?? webgpuLayout();
}

/** What onnxruntime-node's `executionProviders` list gets for `provider`. */
export type ExecutionProviderEntry =
  ProviderName | { name: 'webgpu'; preferredLayout: WebGpuLayout };

/** The session option entry for `provider`: WebGPU with its layout, the others by name. */
export function executionProviderEntry(
  provider: ProviderName,
  layout: WebGpuLayout,
): ExecutionProviderEntry {
  return provider === 'webgpu' ? { name: 'webgpu', preferredLayout: layout } : provider;
}

/**
 * A key for what a provider computes: per-process caches of probe results keep WebGPU's two
 * layouts apart (they differ in exactly what the probes test).
 */
export function providerComputeKey(provider: ProviderName, layout: WebGpuLayout): string {
  return provider === 'webgpu' ? `webgpu/${layout}` : provider;
}

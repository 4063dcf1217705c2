/**
 * The wheels `gpu install` takes from the package index: onnxruntime-gpu at exactly the version of
 * the installed onnxruntime-node (its CUDA provider library is built against that onnxruntime), and
 * the CUDA runtime libraries that provider needs, for systems that have none.
 *
 * onnxruntime 1.30's CUDA provider is built for CUDA 13 and cuDNN 9. It imports cuBLAS, cuBLASLt,
 * cudart, cuDNN, cuFFT and cuRAND, and cuDNN loads nvrtc at run time; NVIDIA publishes each as a
 * wheel. The versions are pinned (installed together on a machine without a GPU, the provider loads
 * with all of them and stops only at cudaSetDevice for want of a driver; docs/cli.md), and
 * knownWheelDigests.json holds their SHA-256 as the index published them, so wheels carried in by
 * hand (`--from`) are verified offline too.
 */
import knownDigests from './knownWheelDigests.json';

/** One wheel to install and the files to take from it. */
export interface WheelRequirement {
  /** Project name on the index (e.g. onnxruntime-gpu). */
  name: string;
  version: string;
  role: 'provider' | 'cuda-runtime';
  /** Paths inside the wheel to extract (flat, by file name). */
  extract: RegExp;
}

/** The provider libraries inside the onnxruntime-gpu wheel. */
const PROVIDER_FILES = /^onnxruntime\/capi\/libonnxruntime_providers_(cuda|shared)\.so$/;
/** Shared libraries under nvidia/<component>/lib/ in NVIDIA's wheels. */
const NVIDIA_LIBRARIES = /^nvidia\/(?:[^/]+\/)*lib\/lib[^/]+\.so(?:\.\d+)*$/;

/** CUDA 13 runtime wheels, exact versions (see the module comment). */
const CUDA13_RUNTIME: readonly [string, string][] = [
  ['nvidia-cuda-runtime', '13.5.37'],
  ['nvidia-cublas', '13.10.0.20'],
  ['nvidia-cudnn-cu13', '9.28.1.4'],
  ['nvidia-cufft', '12.5.0.14'],
  ['nvidia-curand', '10.4.5.25'],
  ['nvidia-cuda-nvrtc', '13.5.37'],
];

/** The libraries the provider needs from the runtime set (checked with ldd by `gpu status`). */
export const CUDA13_SONAMES = [
  'libcudart.so.13',
  'libcublas.so.13',
  'libcublasLt.so.13',
  'libcudnn.so.9',
  'libcufft.so.12',
  'libcurand.so.10',
] as const;

/** The wheels for an onnxruntime version; the runtime set only when `withCudaRuntime`. */
export function cudaWheelSet(
  onnxruntimeVersion: string,
  withCudaRuntime: boolean,
): WheelRequirement[] {
  const provider: WheelRequirement = {
    name: 'onnxruntime-gpu',
    version: onnxruntimeVersion,
    role: 'provider',
    extract: PROVIDER_FILES,
  };
  if (!withCudaRuntime) return [provider];
  return [
    provider,
    ...CUDA13_RUNTIME.map(([name, version]): WheelRequirement => ({
      name,
      version,
      role: 'cuda-runtime',
      extract: NVIDIA_LIBRARIES,
    })),
  ];
}

/** The SHA-256 the index published for a wheel file of the pinned set, if it is one. */
export function knownDigest(filename: string): string | undefined {
  return (knownDigests.files as Record<string, string>)[filename];
}

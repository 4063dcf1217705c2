/**
 * What the gpu install tests share: the stand-in wheels of the provider set (names the pinned list
 * does not hold, so the local index's digests decide) and a GPU folder with a stand-in
 * onnxruntime-node binding folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cudaWheelSet } from '../../../src/core/gpu/cudaWheelSet';
import { gpuLayout } from '../../../src/core/gpu/gpuPaths';
import type { FakeFile } from './fakeIndex';
import { fakeLibrary, providerWheelFiles, runtimeWheelFiles, wheelBytes } from './fakeWheels';

export const VERSION = '1.30.0';
export const TARGET = { platform: 'linux' as const, arch: 'x64', glibc: '2.36' };
/** A tag the pinned list does not hold, so the index's digests decide. */
export const TAG = 'manylinux_2_28_x86_64';
export const PROVIDER = `onnxruntime_gpu-${VERSION}-cp399-cp399-${TAG}.whl`;
export const LIBRARIES: Record<string, string[]> = {
  'nvidia-cuda-runtime': ['libcudart.so.13'],
  'nvidia-cublas': ['libcublas.so.13', 'libcublasLt.so.13'],
  'nvidia-cudnn-cu13': ['libcudnn.so.9', 'libcudnn_graph.so.9'],
  'nvidia-cufft': ['libcufft.so.12'],
  'nvidia-curand': ['libcurand.so.10'],
  'nvidia-cuda-nvrtc': ['libnvrtc.so.13'],
};

export async function fakeFiles(): Promise<FakeFile[]> {
  const files: FakeFile[] = [
    { filename: PROVIDER, bytes: await wheelBytes(PROVIDER, providerWheelFiles()) },
  ];
  for (const wheel of cudaWheelSet(VERSION, true).slice(1)) {
    const filename = `${wheel.name.replace(/-/g, '_')}-${wheel.version}-py3-none-${TAG}.whl`;
    const component = wheel.name === 'nvidia-cudnn-cu13' ? 'cudnn' : 'cu13';
    files.push({
      filename,
      bytes: await wheelBytes(filename, runtimeWheelFiles(component, LIBRARIES[wheel.name])),
    });
  }
  return files;
}

/** A GPU folder and a stand-in onnxruntime-node binding folder. */
export function setup(tempDir: () => string): {
  layout: ReturnType<typeof gpuLayout>;
  bindingDir: string;
} {
  const root = tempDir();
  const bindingDir = join(root, 'binding');
  mkdirSync(bindingDir);
  writeFileSync(join(bindingDir, 'libonnxruntime.so.1'), fakeLibrary('onnxruntime'));
  return { layout: gpuLayout(join(root, 'gpu')), bindingDir };
}

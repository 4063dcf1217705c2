// The inference worker's environment: an install made for the running onnxruntime-node puts its
// library folders first on LD_LIBRARY_PATH; a missing, damaged or mismatched install adds nothing.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runtimePackage } from '../../../src/core/backend/runtimePackage';
import { defaultGpuDir } from '../../../src/core/gpu/gpuPaths';
import type { InstallRecord } from '../../../src/core/gpu/installRecord';
import {
  installedProviderDirs,
  installProblem,
  providerEnvironment,
  withLibraryPath,
} from '../../../src/core/gpu/providerEnvironment';
import { freshTempDirs } from '../helpers/tempDir';

const tempDir = freshTempDirs('gpu-env');
const runtime = runtimePackage();

function writeInstall(root: string, record: Partial<InstallRecord>): void {
  const folder = join(root, 'cuda');
  mkdirSync(join(folder, 'ort'), { recursive: true });
  mkdirSync(join(folder, 'cuda'), { recursive: true });
  const full: InstallRecord = {
    onnxruntimeVersion: runtime.version,
    platform: process.platform,
    arch: process.arch,
    installedAt: '2026-01-01T00:00:00Z',
    cudaRuntime: true,
    wheels: [],
    files: {},
    ...record,
  };
  writeFileSync(join(folder, 'install.json'), JSON.stringify(full));
}

describe('providerEnvironment', () => {
  it('puts the folders first and keeps the existing library path after them', () => {
    const env = withLibraryPath(
      { LD_LIBRARY_PATH: '/opt/a:/gpu/ort', OTHER: '1' },
      ['/gpu/ort', '/gpu/cuda'],
      'linux',
    );
    assert.deepEqual(env, { LD_LIBRARY_PATH: '/gpu/ort:/gpu/cuda:/opt/a', OTHER: '1' });
    assert.deepEqual(withLibraryPath({}, ['/gpu/ort'], 'win32'), {}, 'Linux only');
  });

  it('says why an install is not used', () => {
    const here = { version: '1.30.0', platform: 'linux', arch: 'x64' };
    const record: InstallRecord = {
      onnxruntimeVersion: '1.30.0',
      platform: 'linux',
      arch: 'x64',
      installedAt: '',
      cudaRuntime: false,
      wheels: [],
      files: {},
    };
    assert.equal(installProblem(record, here), undefined);
    assert.match(installProblem(undefined, here) ?? '', /not installed.*gpu install/);
    assert.match(
      installProblem({ ...record, onnxruntimeVersion: '1.29.0' }, here) ?? '',
      /installed for onnxruntime 1\.29\.0, this is 1\.30\.0: run maskmedpaint gpu install again/,
    );
    assert.match(
      installProblem({ ...record, arch: 'arm64' }, here) ?? '',
      /linux-arm64, this is linux-x64/,
    );
  });

  it('the worker gets the folders of an install made for this onnxruntime, and nothing otherwise', () => {
    const root = tempDir();
    const env = { MASKMEDPAINT_GPU_DIR: root, LD_LIBRARY_PATH: '/usr/local/lib' };
    assert.equal(defaultGpuDir({ env }), root);
    assert.deepEqual(providerEnvironment(env), env, 'nothing installed');
    writeInstall(root, {});
    assert.deepEqual(installedProviderDirs(env), [
      join(root, 'cuda', 'ort'),
      join(root, 'cuda', 'cuda'),
    ]);
    assert.equal(
      providerEnvironment(env).LD_LIBRARY_PATH,
      `${join(root, 'cuda', 'ort')}:${join(root, 'cuda', 'cuda')}:/usr/local/lib`,
    );
    writeInstall(root, { cudaRuntime: false });
    assert.deepEqual(installedProviderDirs(env), [join(root, 'cuda', 'ort')], "the system's CUDA");
    writeInstall(root, { onnxruntimeVersion: '0.0.1' });
    assert.deepEqual(providerEnvironment(env), env, 'made for another onnxruntime');
    writeFileSync(join(root, 'cuda', 'install.json'), '{ damaged');
    assert.deepEqual(providerEnvironment(env), env, 'damaged record');
  });

  it('the per-user GPU folder follows the platform (never the workspace or the extension)', () => {
    assert.equal(
      defaultGpuDir({ env: {}, platform: 'linux', homedir: '/home/u' }),
      '/home/u/.cache/maskmedpaint/gpu',
    );
    assert.equal(
      defaultGpuDir({ env: { XDG_CACHE_HOME: '/c' }, platform: 'linux', homedir: '/home/u' }),
      '/c/maskmedpaint/gpu',
    );
    assert.equal(
      defaultGpuDir({ env: {}, platform: 'darwin', homedir: '/Users/u' }),
      '/Users/u/Library/Caches/maskmedpaint/gpu',
    );
    assert.equal(
      defaultGpuDir({
        env: { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' },
        platform: 'win32',
        homedir: 'C:\\Users\\u',
      }),
      'C:\\Users\\u\\AppData\\Local\\maskmedpaint\\gpu',
    );
  });
});

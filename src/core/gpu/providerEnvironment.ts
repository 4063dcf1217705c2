/**
 * The environment the inference worker (and the provider trials of `gpu status`) start with: when
 * a CUDA provider is installed for the running onnxruntime-node, its library folders go first on
 * LD_LIBRARY_PATH. The dynamic loader reads LD_LIBRARY_PATH when a process starts, so it is set in
 * the child's environment at spawn; the parent (the CLI, the extension host) never loads it.
 *
 * Why this works without touching the extension's folder: onnxruntime_binding.node finds
 * libonnxruntime.so.1 through its RUNPATH ($ORIGIN), which the loader searches only after
 * LD_LIBRARY_PATH, so the install's copy of that same library is the one loaded; onnxruntime
 * loads provider libraries from the folder of its own library, where the install put them.
 */
import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import { runtimePackage } from '../backend/runtimePackage';
import { defaultGpuDir, gpuLayout } from './gpuPaths';
import { installLibraryDirs, type InstallRecord, readInstallRecord } from './installRecord';

/** Why an install is not used, or undefined when it is. */
export function installProblem(
  record: InstallRecord | undefined,
  runtime: { version: string; platform: string; arch: string },
): string | undefined {
  if (!record) return 'the CUDA provider is not installed (maskmedpaint gpu install)';
  if (record.platform !== runtime.platform || record.arch !== runtime.arch)
    return `the CUDA provider was installed for ${record.platform}-${record.arch}, this is ${runtime.platform}-${runtime.arch}`;
  if (record.onnxruntimeVersion !== runtime.version)
    return `the CUDA provider was installed for onnxruntime ${record.onnxruntimeVersion}, this is ${runtime.version}: run maskmedpaint gpu install again`;
  return undefined;
}

/** `env` with `dirs` in front of its library search path (LD_LIBRARY_PATH; Linux only). */
export function withLibraryPath(
  env: NodeJS.ProcessEnv,
  dirs: string[],
  platform: NodeJS.Platform,
): NodeJS.ProcessEnv {
  if (platform !== 'linux' || dirs.length === 0) return env;
  const existing = (env.LD_LIBRARY_PATH ?? '').split(delimiter).filter((d) => d !== '');
  const merged = [...dirs, ...existing.filter((d) => !dirs.includes(d))];
  return { ...env, LD_LIBRARY_PATH: merged.join(delimiter) };
}

/** The library folders of a usable install (empty when there is none or it does not fit). */
export function installedProviderDirs(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string[] {
  if (platform !== 'linux') return [];
  const folder = gpuLayout(defaultGpuDir({ env, platform })).install;
  const record = readInstallRecord(folder);
  let version: string;
  try {
    version = runtimePackage(platform, arch).version;
  } catch {
    return []; // no onnxruntime-node to match against: nothing to add
  }
  if (!record || installProblem(record, { version, platform, arch }) !== undefined) return [];
  const dirs = installLibraryDirs(folder, record);
  return dirs.every((dir) => existsSync(dir)) ? dirs : [];
}

/** `env` for a process that loads onnxruntime: the installed provider's folders on its path. */
export function providerEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return withLibraryPath(env, installedProviderDirs(env), process.platform);
}

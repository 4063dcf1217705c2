/**
 * Carries out an install plan with the model downloader's guarantees: downloads resume, go through
 * the proxy, stop on cancel, and are verified against their SHA-256 before use; files carried in
 * are hashed before use. The files are unpacked into a staging folder beside the install, and the
 * staging folder replaces the install with one rename, so no partial install is ever used.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { downloadFile } from '../models/downloader';
import type { GetOptions } from '../models/httpGet';
import type { DownloadProgress } from '../models/progressMeter';
import { sha256File } from '../util/hash';
import { type GpuLayout, INSTALL_RECORD, INSTALL_SUBDIRS } from './gpuPaths';
import type { InstallPlan, PlannedWheel } from './installPlan';
import type { InstallRecord } from './installRecord';
import { extractWheelFiles } from './wheelArchive';

/** onnxruntime's library beside onnxruntime-node's binding, by platform. */
export const RUNTIME_LIBRARY: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'libonnxruntime.so.1',
};

/** What the installer is doing, for progress displays. */
export type InstallEvent =
  | { kind: 'download'; filename: string; progress: DownloadProgress }
  | { kind: 'verify'; filename: string }
  | { kind: 'extract'; filename: string }
  | { kind: 'activate' };

export interface InstallOptions {
  layout: GpuLayout;
  /** onnxruntime-node's binding folder (its onnxruntime library is copied beside the providers). */
  bindingDir: string;
  platform: NodeJS.Platform;
  arch: string;
  signal?: AbortSignal;
  http?: Pick<GetOptions, 'proxy' | 'ca'>;
  onEvent?: (event: InstallEvent) => void;
  /** Injectable clock for progress speed (tests). */
  now?: () => number;
}

function cancelled(): Error {
  const error = new Error(
    'The GPU install was cancelled; downloaded parts are kept for next time.',
  );
  error.name = 'AbortError';
  return error;
}

/** Installs the plan and returns the record of the new install. */
export async function installPlan(
  plan: InstallPlan,
  options: InstallOptions,
): Promise<InstallRecord> {
  const library = RUNTIME_LIBRARY[options.platform];
  if (library === undefined)
    throw new Error(`the CUDA provider install supports Linux only, not ${options.platform}`);
  const { layout } = options;
  await fs.mkdir(layout.downloads, { recursive: true });
  const wheelPaths: string[] = [];
  const verified: { filename: string; sha256: string; verifiedBy: string }[] = [];
  for (const wheel of plan.wheels) {
    if (options.signal?.aborted) throw cancelled();
    const { path, sha256 } = await obtain(wheel, options);
    wheelPaths.push(path);
    verified.push({ filename: wheel.filename, sha256, verifiedBy: wheel.verifiedBy });
  }
  const staging = join(layout.root, `.staging-${randomBytes(6).toString('hex')}`);
  try {
    const runtimeDir = join(staging, INSTALL_SUBDIRS.runtime);
    const cudaDir = join(staging, INSTALL_SUBDIRS.cuda);
    await fs.mkdir(runtimeDir, { recursive: true });
    await fs.mkdir(cudaDir, { recursive: true });
    const files: Record<string, string> = {};
    for (const [index, wheel] of plan.wheels.entries()) {
      if (options.signal?.aborted) throw cancelled();
      options.onEvent?.({ kind: 'extract', filename: wheel.filename });
      const folder =
        wheel.requirement.role === 'provider' ? INSTALL_SUBDIRS.runtime : INSTALL_SUBDIRS.cuda;
      const extracted = await extractWheelFiles(
        wheelPaths[index],
        wheel.requirement.extract,
        join(staging, folder),
      );
      if (extracted.length === 0)
        throw new Error(
          `${wheel.filename} holds none of the libraries it should (${wheel.requirement.extract.source})`,
        );
      for (const file of extracted) files[`${folder}/${file.name}`] = file.sha256;
    }
    // The binding loads onnxruntime's library from the library path first (its RUNPATH is $ORIGIN,
    // which the loader searches after LD_LIBRARY_PATH), and onnxruntime looks for provider
    // libraries beside its own: a copy here makes the providers found without touching the
    // extension's folder.
    await fs.copyFile(join(options.bindingDir, library), join(runtimeDir, library));
    files[`${INSTALL_SUBDIRS.runtime}/${library}`] = await sha256File(join(runtimeDir, library));
    const record: InstallRecord = {
      onnxruntimeVersion: plan.onnxruntimeVersion,
      platform: options.platform,
      arch: options.arch,
      installedAt: new Date().toISOString(),
      cudaRuntime: plan.withCudaRuntime,
      wheels: verified,
      files,
    };
    await fs.writeFile(join(staging, INSTALL_RECORD), JSON.stringify(record, null, 2) + '\n');
    if (options.signal?.aborted) throw cancelled();
    options.onEvent?.({ kind: 'activate' });
    await replaceInstall(layout, staging);
    await Promise.all(
      plan.wheels
        .filter((w) => w.source.kind === 'index')
        .map((w) => fs.rm(join(layout.downloads, w.filename), { force: true })),
    );
    return record;
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

/** The wheel's path once verified: downloaded (or already complete) or the user's file, hashed. */
async function obtain(
  wheel: PlannedWheel,
  options: InstallOptions,
): Promise<{ path: string; sha256: string }> {
  if (wheel.source.kind === 'file') {
    options.onEvent?.({ kind: 'verify', filename: wheel.filename });
    const sha256 = await sha256File(wheel.source.path);
    if (wheel.sha256 !== null && sha256 !== wheel.sha256)
      throw new Error(
        `${wheel.source.path} has SHA-256 ${sha256}; the index published ${wheel.sha256} for ${wheel.filename}. Nothing was installed.`,
      );
    return { path: wheel.source.path, sha256 };
  }
  const destination = join(options.layout.downloads, wheel.filename);
  if (wheel.sha256 !== null && (await hashIfPresent(destination)) === wheel.sha256)
    return { path: destination, sha256: wheel.sha256 };
  const result = await downloadFile({
    url: wheel.source.url,
    destination,
    expectedSha256: wheel.sha256,
    expectedSize: wheel.size ?? null,
    signal: options.signal,
    ...options.http,
    now: options.now,
    onProgress: (progress) =>
      options.onEvent?.({ kind: 'download', filename: wheel.filename, progress }),
  });
  return { path: destination, sha256: result.sha256 };
}

async function hashIfPresent(path: string): Promise<string | undefined> {
  try {
    return await sha256File(path);
  } catch {
    return undefined;
  }
}

/** Puts `staging` in the install's place: the old install is renamed away first, then deleted. */
async function replaceInstall(layout: GpuLayout, staging: string): Promise<void> {
  const old = join(layout.root, `.old-${randomBytes(6).toString('hex')}`);
  let hadOld = true;
  try {
    await fs.rename(layout.install, old);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    hadOld = false;
  }
  try {
    await fs.rename(staging, layout.install);
  } catch (error) {
    if (hadOld) await fs.rename(old, layout.install);
    throw error;
  }
  if (hadOld) await fs.rm(old, { recursive: true, force: true });
}

/** Removes the install (renamed away first, so a half-deleted install is never seen) and downloads. */
export async function removeInstall(layout: GpuLayout): Promise<boolean> {
  const old = join(layout.root, `.old-${randomBytes(6).toString('hex')}`);
  let existed = true;
  try {
    await fs.rename(layout.install, old);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    existed = false;
  }
  await fs.rm(old, { recursive: true, force: true });
  await fs.rm(layout.downloads, { recursive: true, force: true });
  return existed;
}

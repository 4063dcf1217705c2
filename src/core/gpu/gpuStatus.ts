/**
 * `gpu status`: which execution providers this machine can use and, for each one it cannot, why.
 * Cheap checks first (driver, install, missing libraries), then a real trial of every provider in
 * a child process with the inference worker's environment; the provider `auto` would choose, and
 * why it passed the others over, follows from the trials (core/backend/providerChoice.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  chooseProvider,
  type ProviderChoice,
  type ProviderOutcome,
} from '../backend/providerChoice';
import type { ProviderName } from '../backend/ort';
import { webgpuLayout } from '../backend/webgpuLayout';
import { runtimePackage } from '../backend/runtimePackage';
import { INSTALL_SUBDIRS, type GpuLayout } from './gpuPaths';
import { type InstallRecord, readInstallRecord } from './installRecord';
import { installProblem, providerEnvironment } from './providerEnvironment';
import { type TrialReport, tryProvider } from './providerTrial';
import { findLibrary, loaderCache, missingLibraries, nvidiaDriverVersion } from './systemLibraries';

/** One provider's state. */
export interface ProviderStatus {
  provider: ProviderName;
  usable: boolean;
  /** Why it cannot be used (when not usable). */
  reason?: string;
  probe?: { ok: boolean; maxAbsDiff: number };
  /** What to know about a usable provider (a wrong probe, and for WebGPU the other layout). */
  note?: string;
}

export interface GpuStatus {
  platform: NodeJS.Platform;
  arch: string;
  onnxruntimeVersion: string;
  gpuDir: string;
  install: (InstallRecord & { problem?: string }) | null;
  driver: { libcuda?: string; version?: string };
  /** Libraries the installed CUDA provider needs and cannot find (ldd), when checked. */
  missingLibraries?: string[];
  providers: ProviderStatus[];
  auto: ProviderChoice;
  /** The layout WebGPU sessions use here (MASKMEDPAINT_WEBGPU_LAYOUT), or why the value is wrong. */
  webgpuLayout: string;
}

/** The providers worth reporting on a platform (the CPU always works). */
export function providersFor(platform: NodeJS.Platform): ProviderName[] {
  if (platform === 'win32') return ['cuda', 'dml', 'webgpu', 'cpu'];
  if (platform === 'darwin') return ['coreml', 'webgpu', 'cpu'];
  return ['cuda', 'webgpu', 'cpu'];
}

/** The facts about CUDA gathered before its trial. */
export interface CudaFacts {
  platform: NodeJS.Platform;
  installProblem?: string;
  libcuda?: string;
  missing?: string[];
}

/**
 * Why CUDA cannot work before even trying it, most basic first; undefined when the trial decides.
 * On Windows nothing is checked beforehand (the trial says whether a CUDA setup loads).
 */
export function cudaPrecondition(facts: CudaFacts): string | undefined {
  if (facts.platform !== 'linux') return undefined;
  if (facts.installProblem) return facts.installProblem;
  if (!facts.libcuda)
    return 'no NVIDIA driver: libcuda.so.1 is not on this system (install the NVIDIA driver)';
  if (facts.missing && facts.missing.length > 0)
    return (
      `missing libraries: ${facts.missing.join(', ')} ` +
      '(maskmedpaint gpu install --cuda-runtime yes installs CUDA 13, or put CUDA 13 and cuDNN 9 on LD_LIBRARY_PATH)'
    );
  return undefined;
}

/** Turns a trial (or a precondition that ruled it out) into a provider status. */
export function toStatus(report: TrialReport, precondition?: string): ProviderStatus {
  if (precondition) return { provider: report.provider, usable: false, reason: precondition };
  if (!report.loads)
    return { provider: report.provider, usable: false, reason: report.error ?? 'does not load' };
  const note = probeNote(report);
  return {
    provider: report.provider,
    usable: true,
    ...(report.probe ? { probe: report.probe } : {}),
    ...(note !== undefined ? { note } : {}),
  };
}

/**
 * Words for a provider that fails the 9-channel probe; for WebGPU, whether the other layout
 * computes it right and how to choose that layout.
 */
export function probeNote(report: TrialReport): string | undefined {
  const { probe, layout, otherLayout } = report;
  if (!probe || probe.ok) return undefined;
  const wrong =
    `computes 9-channel convolutions wrongly${layout ? ` in the ${layout} layout` : ''}: ` +
    `differs by ${probe.maxAbsDiff.toPrecision(3)}`;
  if (!otherLayout?.ok) return wrong;
  return (
    `${wrong}; right in ${otherLayout.layout}, chosen with the maskmedpaint.webgpuLayout setting ` +
    `or MASKMEDPAINT_WEBGPU_LAYOUT`
  );
}

/** Gathers the whole status (runs the trials; seconds, a minute for WebGPU on a CPU driver). */
export async function gatherGpuStatus(
  layout: GpuLayout,
  env: NodeJS.ProcessEnv = process.env,
): Promise<GpuStatus> {
  const { platform, arch } = process;
  const runtime = runtimePackage();
  const record = readInstallRecord(layout.install);
  const problem = record
    ? installProblem(record, { version: runtime.version, platform, arch })
    : undefined;
  const workerEnv = providerEnvironment({ ...env, ORT_DISABLE_TELEMETRY: '1' });
  const libcuda =
    platform === 'linux' ? findLibrary('libcuda.so.1', workerEnv, loaderCache()) : undefined;
  const providerLibrary = join(
    layout.install,
    INSTALL_SUBDIRS.runtime,
    'libonnxruntime_providers_cuda.so',
  );
  const missing =
    record && !problem && existsSync(providerLibrary)
      ? missingLibraries(providerLibrary, workerEnv)
      : undefined;
  const precondition = cudaPrecondition({
    platform,
    installProblem: record
      ? problem
      : installProblem(undefined, { version: runtime.version, platform, arch }),
    ...(libcuda ? { libcuda } : {}),
    ...(missing ? { missing } : {}),
  });
  const providers: ProviderStatus[] = [];
  for (const provider of providersFor(platform)) {
    const ruledOut = provider === 'cuda' ? precondition : undefined;
    const report = ruledOut
      ? { provider, loads: false }
      : await tryProvider(provider, { env: workerEnv });
    providers.push(toStatus(report, ruledOut));
  }
  const outcomes: Partial<Record<ProviderName, ProviderOutcome>> = Object.fromEntries(
    providers.map((s) => [
      s.provider,
      {
        loads: s.usable,
        ...(s.reason ? { error: s.reason } : {}),
        ...(s.probe ? { probeOk: s.probe.ok } : {}),
      },
    ]),
  );
  const version = nvidiaDriverVersion();
  return {
    platform,
    arch,
    onnxruntimeVersion: runtime.version,
    gpuDir: layout.root,
    install: record ? { ...record, ...(problem ? { problem } : {}) } : null,
    driver: { ...(libcuda ? { libcuda } : {}), ...(version ? { version } : {}) },
    ...(missing ? { missingLibraries: missing } : {}),
    providers,
    auto: chooseProvider('auto', platform, outcomes),
    webgpuLayout: layoutInEnvironment(env),
  };
}

function layoutInEnvironment(env: NodeJS.ProcessEnv): string {
  try {
    return webgpuLayout(env);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

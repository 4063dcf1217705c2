/**
 * `maskmedpaint gpu install`: the CUDA execution provider for the installed onnxruntime-node (and
 * CUDA 13's runtime libraries where the system has none) from the package index or from wheels
 * carried in (`--from`), verified, into the per-user GPU folder. The size is shown first and
 * confirmed (`--yes` skips the question; without a terminal it is required). `--plan` prints what
 * would be fetched and stops (the extension shows it before asking). `--json` prints JSON lines.
 */
import { createInterface } from 'node:readline/promises';
import { runtimePackage } from '../../core/backend/runtimePackage';
import { CUDA13_SONAMES } from '../../core/gpu/cudaWheelSet';
import { defaultGpuDir, gpuLayout } from '../../core/gpu/gpuPaths';
import { type InstallEvent, installPlan } from '../../core/gpu/installer';
import { type InstallPlan, InstallPlanError, planInstall } from '../../core/gpu/installPlan';
import { runningGlibc } from '../../core/gpu/wheelChoice';
import { loaderCache } from '../../core/gpu/systemLibraries';
import { formatBytes, formatProgress } from '../../core/models/progressMeter';
import { EXIT_CANCELLED, EXIT_OK, UsageError } from '../usageError';

/** The streams a `gpu` command talks through (declared here, where installs ask, not in gpu.ts). */
export interface GpuIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin?: NodeJS.ReadableStream;
  interactive?: boolean;
}

export interface InstallFlags {
  from?: string[];
  indexUrl?: string;
  proxy?: string;
  cudaRuntime?: 'auto' | 'yes' | 'no';
  yes?: boolean;
  plan?: boolean;
  json?: boolean;
  allowUnverified?: boolean;
}

/** Whether CUDA's runtime libraries are to be installed: asked, or when the system lacks any. */
export function needsCudaRuntime(
  choice: InstallFlags['cudaRuntime'],
  systemLibraries: ReadonlySet<string>,
): boolean {
  if (choice === 'yes') return true;
  if (choice === 'no') return false;
  return CUDA13_SONAMES.some((soname) => !systemLibraries.has(soname));
}

function describePlan(plan: InstallPlan): string[] {
  const lines = plan.wheels.map((w) => {
    const size = w.size !== undefined ? formatBytes(w.size) : 'size unknown';
    const from = w.source.kind === 'index' ? 'download' : w.source.path;
    return `  ${w.filename} (${size}, ${from}; SHA-256 from the ${w.verifiedBy})`;
  });
  const total =
    plan.downloadBytes > 0
      ? `Download: ${formatBytes(plan.downloadBytes)}.`
      : 'Nothing to download.';
  return [`CUDA provider for onnxruntime ${plan.onnxruntimeVersion}:`, ...lines, total];
}

async function confirm(io: GpuIo, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin ?? process.stdin, output: io.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export async function installGpu(
  flags: InstallFlags,
  io: GpuIo,
  signal?: AbortSignal,
): Promise<number> {
  if (process.platform !== 'linux')
    throw new UsageError(
      `gpu install fetches the Linux CUDA provider; on ${process.platform} onnxruntime-node brings ` +
        `${process.platform === 'win32' ? 'DirectML' : 'Core ML'} itself (see maskmedpaint gpu status)`,
    );
  const runtime = runtimePackage();
  const withCudaRuntime = needsCudaRuntime(
    flags.cudaRuntime ?? 'auto',
    new Set(loaderCache().keys()),
  );
  const emit = (event: object): void => {
    if (flags.json) io.stdout.write(`${JSON.stringify(event)}\n`);
  };
  let plan: InstallPlan;
  try {
    plan = await planInstall({
      onnxruntimeVersion: runtime.version,
      target: { platform: process.platform, arch: process.arch, glibc: runningGlibc() },
      withCudaRuntime,
      ...(flags.indexUrl ? { indexUrl: flags.indexUrl } : {}),
      ...(flags.from ? { from: flags.from } : {}),
      allowUnverified: flags.allowUnverified === true,
      http: {
        proxy: { ...(flags.proxy ? { proxy: flags.proxy } : {}) },
        ...(signal ? { signal } : {}),
      },
    });
  } catch (error) {
    if (error instanceof InstallPlanError) throw new UsageError(error.message);
    throw new UsageError(`could not look up the CUDA provider: ${(error as Error).message}`);
  }
  emit({
    type: 'plan',
    plan: {
      ...plan,
      wheels: plan.wheels.map(({ requirement, ...w }) => ({
        ...w,
        name: requirement.name,
        role: requirement.role,
      })),
    },
  });
  if (!flags.json) io.stderr.write(`${describePlan(plan).join('\n')}\n`);
  if (flags.plan) return EXIT_OK;
  if (!flags.yes) {
    if (!io.interactive) throw new UsageError('gpu install needs confirmation: rerun with --yes');
    if (!(await confirm(io, 'Install?'))) return EXIT_CANCELLED;
  }
  let lastLine = 0;
  let lastPercent = -1;
  const onEvent = (event: InstallEvent): void => {
    if (flags.json) {
      // One progress line per whole percent of a download, not one per network chunk.
      const { total, received } =
        event.kind === 'download' ? event.progress : { total: 0, received: 0 };
      const percent = total ? Math.floor((100 * received) / total) : -1;
      if (event.kind === 'download' && percent === lastPercent) return;
      lastPercent = percent;
      emit({ type: 'progress', ...event });
      return;
    }
    if (event.kind === 'download') {
      const now = Date.now();
      if (io.interactive)
        io.stderr.write(`\r${event.filename}: ${formatProgress(event.progress)}\x1b[K`);
      else if (now - lastLine > 5000) {
        lastLine = now;
        io.stderr.write(`${event.filename}: ${formatProgress(event.progress)}\n`);
      }
    } else
      io.stderr.write(
        `${io.interactive ? '\n' : ''}${event.kind} ${'filename' in event ? event.filename : ''}\n`,
      );
  };
  const layout = gpuLayout(defaultGpuDir());
  try {
    const record = await installPlan(plan, {
      layout,
      bindingDir: runtime.bindingDir,
      platform: process.platform,
      arch: process.arch,
      ...(signal ? { signal } : {}),
      http: { proxy: { ...(flags.proxy ? { proxy: flags.proxy } : {}) } },
      onEvent,
    });
    emit({ type: 'done', install: layout.install, files: Object.keys(record.files).length });
    if (!flags.json)
      io.stdout.write(
        `CUDA provider installed in ${layout.install}; check it with maskmedpaint gpu status\n`,
      );
    return EXIT_OK;
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') {
      emit({ type: 'cancelled' });
      io.stderr.write('\nGPU install cancelled; rerun the same command to resume the downloads.\n');
      return EXIT_CANCELLED;
    }
    throw new UsageError(`gpu install failed: ${(error as Error).message}`);
  }
}

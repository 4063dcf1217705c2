/**
 * `maskmedpaint gpu status | install | remove | env`: the GPU execution providers on this machine
 * and the CUDA provider kept in the per-user GPU folder (see docs/cli.md).
 */
import type { Command } from 'commander';
import { defaultGpuDir, gpuLayout } from '../../core/gpu/gpuPaths';
import { type GpuStatus, gatherGpuStatus } from '../../core/gpu/gpuStatus';
import { removeInstall } from '../../core/gpu/installer';
import { installedProviderDirs } from '../../core/gpu/providerEnvironment';
import { EXIT_OK } from '../usageError';
import { choiceOption } from '../parse';
import { type GpuIo, type InstallFlags, installGpu } from './gpuInstall';

/** The status in plain words, one provider a line. */
export function formatStatus(status: GpuStatus): string {
  const lines = [
    `onnxruntime ${status.onnxruntimeVersion} on ${status.platform}-${status.arch}`,
    `GPU folder: ${status.gpuDir}`,
  ];
  if (status.install)
    lines.push(
      `CUDA provider: installed ${status.install.installedAt}${status.install.cudaRuntime ? ' with CUDA runtime libraries' : ''}` +
        (status.install.problem ? ` (not used: ${status.install.problem})` : ''),
    );
  if (status.platform === 'linux')
    lines.push(
      `NVIDIA driver: ${status.driver.libcuda ? `${status.driver.version ?? 'version unknown'} (${status.driver.libcuda})` : 'none found'}`,
    );
  if (status.missingLibraries && status.missingLibraries.length > 0)
    lines.push(`Libraries the CUDA provider cannot find: ${status.missingLibraries.join(', ')}`);
  for (const p of status.providers) {
    const note = p.note ? ` (${p.note})` : '';
    lines.push(
      `  ${p.provider.padEnd(7)} ${p.usable ? `usable${note}` : `not usable: ${p.reason ?? 'unknown'}`}`,
    );
  }
  lines.push(`WebGPU layout: ${status.webgpuLayout}`);
  lines.push(`auto runs on: ${status.auto.chosen}`);
  for (const skipped of status.auto.passedOver)
    lines.push(`  not ${skipped.provider}: ${skipped.reason}`);
  if (status.auto.note) lines.push(`  note: ${status.auto.note}`);
  return `${lines.join('\n')}\n`;
}

const stdio = (): GpuIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  interactive: process.stderr.isTTY === true && process.stdin.isTTY === true,
});

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Adds the `gpu` command group. */
export function register(program: Command): void {
  const gpu = program
    .command('gpu')
    .description(
      `GPU execution providers: status, and the CUDA provider (folder: ${defaultGpuDir()}; set MASKMEDPAINT_GPU_DIR to move it)`,
    );
  gpu
    .command('status')
    .description('which providers this machine can use and, for each one it cannot, why')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const status = await gatherGpuStatus(gpuLayout(defaultGpuDir()));
      process.stdout.write(
        flags.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status),
      );
      process.exitCode = EXIT_OK;
    });
  gpu
    .command('install')
    .description(
      'fetch the CUDA provider for this onnxruntime (and CUDA 13 runtime libraries when missing), SHA-256 verified',
    )
    .option(
      '--from <path>',
      'install from wheel files carried in (a .whl or a folder of them; repeatable)',
      collect,
    )
    .option(
      '--index-url <url>',
      'package index: PyPI JSON API (default https://pypi.org/pypi) or a pip-style .../simple mirror',
    )
    .option('--proxy <url>', 'proxy URL (default: HTTPS_PROXY / HTTP_PROXY)')
    .option(
      '--cuda-runtime <choice>',
      'install CUDA 13 runtime libraries: auto (when the system has none), yes, no',
      choiceOption(['auto', 'yes', 'no'] as const),
    )
    .option(
      '--allow-unverified',
      'with --from: take wheels whose SHA-256 is not in the pinned list',
    )
    .option('-y, --yes', 'do not ask before downloading')
    .option('--plan', 'only print what would be fetched and its size')
    .option('--json', 'print JSON lines (plan, progress, done)')
    .action(async (flags: InstallFlags) => {
      const controller = new AbortController();
      const onInterrupt = (): void => controller.abort();
      process.once('SIGINT', onInterrupt);
      process.once('SIGTERM', onInterrupt);
      try {
        process.exitCode = await installGpu(flags, stdio(), controller.signal);
      } finally {
        process.removeListener('SIGINT', onInterrupt);
        process.removeListener('SIGTERM', onInterrupt);
      }
    });
  gpu
    .command('remove')
    .description('delete the installed CUDA provider and any partial downloads')
    .action(async () => {
      const layout = gpuLayout(defaultGpuDir());
      const existed = await removeInstall(layout);
      process.stdout.write(
        existed ? `removed ${layout.install}\n` : 'no CUDA provider was installed\n',
      );
      process.exitCode = EXIT_OK;
    });
  gpu
    .command('env')
    .description(
      'print the LD_LIBRARY_PATH line a shell needs to load the installed provider (scripts, benchmarks)',
    )
    .action(() => {
      const dirs = installedProviderDirs();
      if (dirs.length > 0)
        process.stdout.write(
          `export LD_LIBRARY_PATH=${[...dirs, '${LD_LIBRARY_PATH:-}'].join(':')}\n`,
        );
      process.exitCode = EXIT_OK;
    });
}

/**
 * `maskmedpaint gpu install --from` and `gpu status` for the GPU machine, which has no Node
 * project, only the benchmark kit: bundled by bench/gpu/prepare.sh with providerTrial.js beside
 * it (the status runs each provider trial as a child process, as the CLI does).
 *   node gpuSetup.js install WHEEL... [--cuda-runtime]   (default: the system's CUDA libraries)
 *   node gpuSetup.js status
 *   node gpuSetup.js env                                 (the LD_LIBRARY_PATH line for a shell)
 * The GPU folder is $MASKMEDPAINT_GPU_DIR (run.sh sets one under /tmp).
 */
import { runtimePackage } from '../../src/core/backend/runtimePackage';
import { defaultGpuDir, gpuLayout } from '../../src/core/gpu/gpuPaths';
import { gatherGpuStatus } from '../../src/core/gpu/gpuStatus';
import { installPlan } from '../../src/core/gpu/installer';
import { planInstall } from '../../src/core/gpu/installPlan';
import { installedProviderDirs } from '../../src/core/gpu/providerEnvironment';
import { runningGlibc } from '../../src/core/gpu/wheelChoice';

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const layout = gpuLayout(defaultGpuDir());
  if (command === 'install') {
    const runtime = runtimePackage();
    const plan = await planInstall({
      onnxruntimeVersion: runtime.version,
      target: { platform: process.platform, arch: process.arch, glibc: runningGlibc() },
      withCudaRuntime: rest.includes('--cuda-runtime'),
      from: rest.filter((a) => !a.startsWith('--')),
    });
    const record = await installPlan(plan, {
      layout,
      bindingDir: runtime.bindingDir,
      platform: process.platform,
      arch: process.arch,
      onEvent: (event) => console.error(`gpu install: ${event.kind}`),
    });
    console.log(JSON.stringify({ install: layout.install, ...record }));
  } else if (command === 'status') {
    console.log(JSON.stringify(await gatherGpuStatus(layout)));
  } else if (command === 'env') {
    const dirs = installedProviderDirs();
    if (dirs.length > 0)
      console.log(`export LD_LIBRARY_PATH=${dirs.join(':')}:\${LD_LIBRARY_PATH:-}`);
  } else {
    throw new Error('usage: gpuSetup.js install WHEEL... [--cuda-runtime] | status | env');
  }
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});

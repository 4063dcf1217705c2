// gpu install --from: wheels carried to a machine without network, verified against the recorded
// digests offline (or explicitly unverified), and what is missing named with how to get it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { installPlan } from '../../../src/core/gpu/installer';
import { planInstall } from '../../../src/core/gpu/installPlan';
import { freshTempDirs } from '../helpers/tempDir';
import { providerWheelFiles, writeWheel } from './fakeWheels';
import { PROVIDER, setup as setupIn, TARGET, VERSION } from './installFixtures';

const tempDir = freshTempDirs('gpu-install-from');
const setup = () => setupIn(tempDir);

describe('gpu install --from wheels carried in', () => {
  it('installs from a folder of wheels; an unpinned wheel needs --allow-unverified', async () => {
    const { layout, bindingDir } = setup();
    const folder = tempDir();
    await writeWheel(folder, PROVIDER, providerWheelFiles());
    const options = {
      onnxruntimeVersion: VERSION,
      target: TARGET,
      withCudaRuntime: false,
      from: [folder],
    };
    await assert.rejects(planInstall(options), /--allow-unverified/);
    const plan = await planInstall({ ...options, allowUnverified: true });
    assert.equal(plan.downloadBytes, 0);
    const record = await installPlan(plan, { layout, bindingDir, platform: 'linux', arch: 'x64' });
    assert.equal(record.wheels[0].verifiedBy, 'unverified');
    assert.ok(existsSync(join(layout.install, 'ort', 'libonnxruntime_providers_shared.so')));
  });

  it('checks a wheel named like a released one against its pinned SHA-256 before use', async () => {
    const { layout, bindingDir } = setup();
    const folder = tempDir();
    await writeWheel(
      folder,
      'onnxruntime_gpu-1.30.0-cp311-cp311-manylinux_2_28_x86_64.whl',
      providerWheelFiles(),
    );
    const plan = await planInstall({
      onnxruntimeVersion: VERSION,
      target: TARGET,
      withCudaRuntime: false,
      from: [folder],
    });
    assert.equal(plan.wheels[0].verifiedBy, 'pinned list');
    await assert.rejects(
      installPlan(plan, { layout, bindingDir, platform: 'linux', arch: 'x64' }),
      /Nothing was installed/,
    );
    assert.equal(existsSync(layout.install), false);
  });

  it('names what is missing among the given files', async () => {
    await assert.rejects(
      planInstall({
        onnxruntimeVersion: VERSION,
        target: TARGET,
        withCudaRuntime: true,
        from: [tempDir()],
        allowUnverified: true,
      }),
      /no onnxruntime-gpu==1\.30\.0 wheel for linux-x64.*pip download/s,
    );
  });
});

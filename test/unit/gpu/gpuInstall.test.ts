// `gpu install` end to end against a local package index (test/unit/gpu/fakeIndex.ts) serving
// small wheel-shaped archives built here: plan and size, download, verify, extract, stage and
// rename, resume, cancel, proxy, tampering, and that a failed install never replaces a
// working one. The suite never downloads real wheels.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { installPlan, removeInstall } from '../../../src/core/gpu/installer';
import { InstallPlanError, planInstall, type PlanOptions } from '../../../src/core/gpu/installPlan';
import { readInstallRecord } from '../../../src/core/gpu/installRecord';
import { freshTempDirs } from '../helpers/tempDir';
import { type FakeFile, type FakeIndex, startFakeIndex } from './fakeIndex';
import { providerWheelFiles, wheelBytes } from './fakeWheels';
import {
  fakeFiles,
  LIBRARIES,
  PROVIDER,
  setup as setupIn,
  TARGET,
  VERSION,
} from './installFixtures';

const tempDir = freshTempDirs('gpu-install');
const setup = () => setupIn(tempDir);

describe('gpu install from a package index', () => {
  let files: FakeFile[];
  let index: FakeIndex;
  before(async () => {
    files = await fakeFiles();
    index = await startFakeIndex(files);
  });
  after(() => index.close());

  const planOptions = (overrides: Partial<PlanOptions> = {}): PlanOptions => ({
    onnxruntimeVersion: VERSION,
    target: TARGET,
    withCudaRuntime: true,
    indexUrl: `${index.url}/pypi`,
    ...overrides,
  });

  it('plans the provider wheel of the same version and the CUDA 13 runtime, with the download size', async () => {
    const plan = await planInstall(planOptions());
    assert.deepEqual(
      plan.wheels.map((w) => w.requirement.name),
      [
        'onnxruntime-gpu',
        'nvidia-cuda-runtime',
        'nvidia-cublas',
        'nvidia-cudnn-cu13',
        'nvidia-cufft',
        'nvidia-curand',
        'nvidia-cuda-nvrtc',
      ],
    );
    assert.equal(
      plan.downloadBytes,
      files.reduce((sum, f) => sum + f.bytes.length, 0),
    );
    assert.ok(plan.wheels.every((w) => w.verifiedBy === 'index' && w.sha256?.length === 64));
    const withoutRuntime = await planInstall(planOptions({ withCudaRuntime: false }));
    assert.deepEqual(
      withoutRuntime.wheels.map((w) => w.filename),
      [PROVIDER],
    );
  });

  it('installs only the needed libraries, verified, with onnxruntime beside the providers, and deletes the downloads', async () => {
    const { layout, bindingDir } = setup();
    const events: string[] = [];
    const plan = await planInstall(planOptions());
    const record = await installPlan(plan, {
      layout,
      bindingDir,
      platform: 'linux',
      arch: 'x64',
      onEvent: (e) => events.push(e.kind),
    });
    assert.deepEqual(readdirSync(join(layout.install, 'ort')).sort(), [
      'libonnxruntime.so.1',
      'libonnxruntime_providers_cuda.so',
      'libonnxruntime_providers_shared.so',
    ]);
    assert.deepEqual(
      readdirSync(join(layout.install, 'cuda')).sort(),
      Object.values(LIBRARIES).flat().sort(),
    );
    assert.deepEqual(
      readFileSync(join(layout.install, 'ort', 'libonnxruntime_providers_cuda.so')),
      providerWheelFiles()['onnxruntime/capi/libonnxruntime_providers_cuda.so'],
    );
    assert.deepEqual(readInstallRecord(layout.install), record);
    assert.equal(record.onnxruntimeVersion, VERSION);
    assert.equal(record.cudaRuntime, true);
    assert.equal(Object.keys(record.files).length, 3 + Object.values(LIBRARIES).flat().length);
    assert.deepEqual(readdirSync(layout.downloads), [], 'downloads are deleted once installed');
    assert.deepEqual(
      readdirSync(layout.root).sort(),
      ['cuda', 'downloads'],
      'no staging folder is left',
    );
    assert.ok(
      events.includes('download') && events.includes('extract') && events.at(-1) === 'activate',
    );
  });

  it('reads a pip-style simple index (PEP 691) and the project document where the version one is missing', async () => {
    const simple = await startFakeIndex(files, { relativeUrls: true });
    const proxyLike = await startFakeIndex(files, { versionDocument404: true });
    try {
      const fromSimple = await planInstall(
        planOptions({ indexUrl: `${simple.url}/simple`, withCudaRuntime: false }),
      );
      assert.equal(
        fromSimple.wheels[0].source.kind === 'index' && fromSimple.wheels[0].source.url,
        `${simple.url}/files/${PROVIDER}`,
      );
      const fromProject = await planInstall(
        planOptions({ indexUrl: `${proxyLike.url}/pypi`, withCudaRuntime: false }),
      );
      assert.equal(fromProject.wheels[0].filename, PROVIDER);
      assert.ok(proxyLike.requests.includes('/pypi/onnxruntime-gpu/json'));
    } finally {
      await Promise.all([simple.close(), proxyLike.close()]);
    }
  });

  it('resumes a dropped download and goes through a proxy', async () => {
    const flaky = await startFakeIndex(files, { dropAfterBytes: 1000 });
    try {
      const { layout, bindingDir } = setup();
      const http = { proxy: { proxy: flaky.url, env: {} } };
      const plan = await planInstall(
        planOptions({ indexUrl: 'http://index.invalid/pypi', withCudaRuntime: false, http }),
      );
      await installPlan(plan, { layout, bindingDir, platform: 'linux', arch: 'x64', http });
      assert.ok(existsSync(join(layout.install, 'ort', 'libonnxruntime_providers_cuda.so')));
      assert.ok(flaky.proxied >= 3, 'index and file requests went through the proxy');
      assert.ok(
        flaky.requests.filter((p) => p === `/files/${PROVIDER}`).length >= 2,
        'the download was resumed',
      );
    } finally {
      await flaky.close();
    }
  });

  it('refuses a file whose bytes do not match the published SHA-256, keeping the installed provider', async () => {
    const { layout, bindingDir } = setup();
    await installPlan(await planInstall(planOptions({ withCudaRuntime: false })), {
      layout,
      bindingDir,
      platform: 'linux',
      arch: 'x64',
    });
    const before = readInstallRecord(layout.install);
    const tampered = await startFakeIndex(
      files.map((f) => ({ ...f, publishedSha256: 'a'.repeat(64) })),
    );
    try {
      const plan = await planInstall(
        planOptions({ indexUrl: `${tampered.url}/pypi`, withCudaRuntime: false }),
      );
      await assert.rejects(
        installPlan(plan, { layout, bindingDir, platform: 'linux', arch: 'x64' }),
        /SHA-256 mismatch/,
      );
      assert.deepEqual(
        readInstallRecord(layout.install),
        before,
        'the working install is untouched',
      );
      assert.deepEqual(readdirSync(layout.root).sort(), ['cuda', 'downloads']);
    } finally {
      await tampered.close();
    }
  });

  it('refuses an index whose digest differs from the pinned one for a released wheel', async () => {
    const pinnedName = 'onnxruntime_gpu-1.30.0-cp311-cp311-manylinux_2_28_x86_64.whl';
    const impostor = await startFakeIndex([
      { filename: pinnedName, bytes: await wheelBytes(pinnedName, providerWheelFiles()) },
    ]);
    try {
      await assert.rejects(
        planInstall(planOptions({ indexUrl: `${impostor.url}/pypi`, withCudaRuntime: false })),
        (e: unknown) => e instanceof InstallPlanError && /has changed/.test(e.message),
      );
    } finally {
      await impostor.close();
    }
  });

  it('stops on cancel with nothing installed and the partial download kept', async () => {
    const { layout, bindingDir } = setup();
    const slow = await startFakeIndex(files, { dropAfterBytes: 1000 });
    try {
      const controller = new AbortController();
      const plan = await planInstall(
        planOptions({ indexUrl: `${slow.url}/pypi`, withCudaRuntime: false }),
      );
      const install = installPlan(plan, {
        layout,
        bindingDir,
        platform: 'linux',
        arch: 'x64',
        signal: controller.signal,
        onEvent: (e) => {
          if (e.kind === 'download') controller.abort();
        },
      });
      await assert.rejects(install, (e: unknown) => e instanceof Error && e.name === 'AbortError');
      assert.equal(existsSync(layout.install), false);
      assert.ok(
        readdirSync(layout.downloads).some((f) => f.endsWith('.part')),
        'the .part is kept for resume',
      );
    } finally {
      await slow.close();
    }
  });

  it('a damaged wheel (RECORD disagrees) fails the install and leaves no staging folder', async () => {
    const { layout, bindingDir } = setup();
    const damaged = await startFakeIndex([
      {
        filename: PROVIDER,
        bytes: await wheelBytes(PROVIDER, providerWheelFiles(), [
          'onnxruntime/capi/libonnxruntime_providers_cuda.so',
        ]),
      },
    ]);
    try {
      const plan = await planInstall(
        planOptions({ indexUrl: `${damaged.url}/pypi`, withCudaRuntime: false }),
      );
      await assert.rejects(
        installPlan(plan, { layout, bindingDir, platform: 'linux', arch: 'x64' }),
        /its RECORD says/,
      );
      assert.deepEqual(readdirSync(layout.root), ['downloads']);
    } finally {
      await damaged.close();
    }
  });

  it('gpu remove deletes the install and the downloads', async () => {
    const { layout, bindingDir } = setup();
    await installPlan(await planInstall(planOptions({ withCudaRuntime: false })), {
      layout,
      bindingDir,
      platform: 'linux',
      arch: 'x64',
    });
    assert.equal(await removeInstall(layout), true);
    assert.deepEqual(readdirSync(layout.root), []);
    assert.equal(await removeInstall(layout), false);
  });
});

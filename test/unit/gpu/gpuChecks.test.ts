// The cheap checks and the trial plumbing of `gpu status`: wheel names and platform tags, ldconfig
// and ldd output, the driver version, what rules CUDA out before a trial, how a trial that died is
// reported (a real child process that crashes), and a real trial of the CPU provider.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { needsCudaRuntime } from '../../../src/cli/commands/gpuInstall';
import { CUDA13_SONAMES } from '../../../src/core/gpu/cudaWheelSet';
import { cudaPrecondition, providersFor, toStatus } from '../../../src/core/gpu/gpuStatus';
import {
  conciseError,
  interpretTrial,
  tryProvider,
  withLoadDetail,
} from '../../../src/core/gpu/providerTrial';
import {
  findLibrary,
  parseDriverVersion,
  parseLdconfig,
  parseLddMissing,
} from '../../../src/core/gpu/systemLibraries';
import { chooseWheel, parseWheelName, wheelFits } from '../../../src/core/gpu/wheelChoice';
import { parseRecord } from '../../../src/core/gpu/wheelArchive';
import { useTempDir } from '../helpers/tempDir';

const linux = { platform: 'linux' as const, arch: 'x64', glibc: '2.36' };

describe('wheel choice', () => {
  it('reads wheel names with compressed platform tag sets', () => {
    assert.deepEqual(
      parseWheelName(
        'nvidia_cublas-13.10.0.20-py3-none-manylinux1_x86_64.manylinux_2_5_x86_64.whl',
      ),
      {
        name: 'nvidia_cublas',
        version: '13.10.0.20',
        python: 'py3',
        abi: 'none',
        platforms: ['manylinux1_x86_64', 'manylinux_2_5_x86_64'],
      },
    );
    assert.equal(parseWheelName('README.md'), undefined);
  });

  it('fits the CPU architecture and the glibc a manylinux tag needs', () => {
    const tags = parseWheelName('x-1-cp311-cp311-manylinux_2_28_x86_64.whl')!;
    assert.equal(wheelFits(tags, linux), true);
    assert.equal(wheelFits(tags, { ...linux, glibc: '2.27' }), false);
    assert.equal(wheelFits(tags, { ...linux, arch: 'arm64' }), false);
    assert.equal(wheelFits(tags, { ...linux, platform: 'win32' }), false);
    assert.equal(
      wheelFits(parseWheelName('x-1-py3-none-manylinux2014_aarch64.whl')!, {
        ...linux,
        arch: 'arm64',
      }),
      true,
    );
  });

  it('prefers the regular ABI of the newest Python among fitting wheels', () => {
    const names = [
      'cp311-cp311-manylinux_2_28_x86_64',
      'cp314-cp314t-manylinux_2_28_x86_64',
      'cp313-cp313-manylinux_2_28_x86_64',
      'cp314-cp314-win_amd64',
      'cp314-cp314-manylinux_2_34_aarch64',
    ].map((t) => `onnxruntime_gpu-1.30.0-${t}.whl`);
    assert.equal(
      chooseWheel(names, linux),
      'onnxruntime_gpu-1.30.0-cp313-cp313-manylinux_2_28_x86_64.whl',
    );
    assert.equal(chooseWheel(names, { ...linux, platform: 'darwin' }), undefined);
  });

  it("reads RECORD's urlsafe base64 hashes as hex", () => {
    const record = parseRecord(
      'a/lib.so,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0\nx/RECORD,,\n',
    );
    assert.deepEqual(
      [...record],
      [['a/lib.so', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']],
    );
  });
});

describe('system checks', () => {
  it('parses ldconfig -p, ldd and the NVIDIA driver version', () => {
    const cache = parseLdconfig(
      "1234 libs found in cache `/etc/ld.so.cache'\n\tlibcuda.so.1 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcuda.so.1\n\tlibc.so.6 (libc6,x86-64, OS ABI: Linux 3.2.0) => /lib/x86_64-linux-gnu/libc.so.6\n",
    );
    assert.equal(cache.get('libcuda.so.1'), '/usr/lib/x86_64-linux-gnu/libcuda.so.1');
    assert.equal(cache.get('libc.so.6'), '/lib/x86_64-linux-gnu/libc.so.6');
    const ldd =
      '\tlinux-vdso.so.1 (0x00007ffd)\n\tlibcublasLt.so.13 => not found\n\tlibm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x7f)\n\tlibcuda.so.1 => not found\n';
    assert.deepEqual(parseLddMissing(ldd), ['libcublasLt.so.13', 'libcuda.so.1']);
    assert.equal(
      parseDriverVersion(
        'NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  580.159.04  Release Build  (dvs-builder@U16)\nGCC version:  gcc 12\n',
      ),
      '580.159.04',
    );
    assert.equal(
      parseDriverVersion(
        'NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug 19 01:15:15 UTC 2023\n',
      ),
      '535.104.05',
    );
  });

  it('finds a library on LD_LIBRARY_PATH before the loader cache and the default folders', () => {
    const files = new Set([
      '/usr/local/nvidia/lib64/libcuda.so.1',
      '/usr/lib/x86_64-linux-gnu/libcuda.so.1',
    ]);
    const exists = (path: string): boolean => files.has(path);
    const env = { LD_LIBRARY_PATH: '/opt/none:/usr/local/nvidia/lib64' };
    assert.equal(
      findLibrary('libcuda.so.1', env, new Map(), exists),
      '/usr/local/nvidia/lib64/libcuda.so.1',
    );
    assert.equal(
      findLibrary('libcuda.so.1', {}, new Map([['libcuda.so.1', '/cache/libcuda.so.1']]), exists),
      '/cache/libcuda.so.1',
    );
    assert.equal(
      findLibrary('libcuda.so.1', {}, new Map(), exists),
      '/usr/lib/x86_64-linux-gnu/libcuda.so.1',
    );
    assert.equal(
      findLibrary('libcuda.so.1', {}, new Map(), () => false),
      undefined,
    );
  });

  it('rules CUDA out for the most basic missing piece first', () => {
    const base = { platform: 'linux' as const, libcuda: '/usr/lib/libcuda.so.1' };
    assert.match(
      cudaPrecondition({
        ...base,
        installProblem: 'the CUDA provider is not installed (maskmedpaint gpu install)',
      }) ?? '',
      /not installed/,
    );
    assert.match(
      cudaPrecondition({ platform: 'linux', missing: ['libcublasLt.so.13'] }) ?? '',
      /no NVIDIA driver: libcuda\.so\.1/,
    );
    assert.match(
      cudaPrecondition({ ...base, missing: ['libcublasLt.so.13', 'libcudnn.so.9'] }) ?? '',
      /missing libraries: libcublasLt\.so\.13, libcudnn\.so\.9.*--cuda-runtime yes/,
    );
    assert.equal(cudaPrecondition({ ...base, missing: [] }), undefined);
    assert.equal(cudaPrecondition({ platform: 'win32' }), undefined, 'Windows: the trial decides');
  });

  it('installs the CUDA runtime when asked or when the system lacks one of its libraries', () => {
    assert.equal(needsCudaRuntime('auto', new Set(CUDA13_SONAMES)), false);
    assert.equal(needsCudaRuntime('auto', new Set(CUDA13_SONAMES.slice(1))), true);
    assert.equal(needsCudaRuntime('yes', new Set(CUDA13_SONAMES)), true);
    assert.equal(needsCudaRuntime('no', new Set()), false);
  });

  it('reports the providers of each platform', () => {
    assert.deepEqual(providersFor('linux'), ['cuda', 'webgpu', 'cpu']);
    assert.deepEqual(providersFor('win32'), ['cuda', 'dml', 'webgpu', 'cpu']);
    assert.deepEqual(providersFor('darwin'), ['coreml', 'webgpu', 'cpu']);
  });
});

describe('provider trials', () => {
  const temp = useTempDir('gpu-trial');

  it('reads the child report, or says how the child died', () => {
    const report = { provider: 'cuda' as const, loads: true, probe: { ok: true, maxAbsDiff: 0 } };
    assert.deepEqual(
      interpretTrial('cuda', `noise\n${JSON.stringify(report)}\n`, '', {
        code: 0,
        signal: null,
        timedOut: false,
      }),
      report,
    );
    assert.deepEqual(
      interpretTrial('cuda', '', 'Segmentation fault\n', {
        code: null,
        signal: 'SIGSEGV',
        timedOut: false,
      }),
      {
        provider: 'cuda',
        loads: false,
        error: 'crashed the process that loaded it (signal SIGSEGV): Segmentation fault',
      },
    );
    assert.match(
      interpretTrial('webgpu', '', '', { code: null, signal: 'SIGKILL', timedOut: true }).error ??
        '',
      /did not finish in time/,
    );
  });

  it("adds the library onnxruntime's log names to a load failure", () => {
    const log =
      '\x1b[1;31m2026 [E:onnxruntime] Failed to load library /x/libonnxruntime_providers_cuda.so with error: libcublasLt.so.13: cannot open shared object file: No such file or directory\x1b[m\n';
    const report = withLoadDetail(
      { provider: 'cuda', loads: false, error: 'Failed to load shared library' },
      log,
    );
    assert.equal(
      report.error,
      'Failed to load shared library (libcublasLt.so.13: cannot open shared object file: No such file or directory)',
    );
    assert.equal(toStatus(report).usable, false);
    assert.equal(
      toStatus({ provider: 'cuda', loads: true }, 'no NVIDIA driver').reason,
      'no NVIDIA driver',
    );
  });

  it('notes a wrong probe, and for WebGPU the layout that computes it right', () => {
    const wrong = { ok: false, maxAbsDiff: 12.11 };
    assert.equal(
      toStatus({ provider: 'dml', loads: true, probe: wrong }).note,
      'computes 9-channel convolutions wrongly: differs by 12.1',
    );
    assert.equal(
      toStatus({
        provider: 'webgpu',
        loads: true,
        probe: wrong,
        layout: 'NHWC',
        otherLayout: { layout: 'NCHW', ok: true, maxAbsDiff: 2e-6 },
      }).note,
      'computes 9-channel convolutions wrongly in the NHWC layout: differs by 12.1; right in NCHW, ' +
        'chosen with the maskmedpaint.webgpuLayout setting or MASKMEDPAINT_WEBGPU_LAYOUT',
    );
    const bothWrong = toStatus({
      provider: 'webgpu',
      loads: true,
      probe: wrong,
      layout: 'NHWC',
      otherLayout: { layout: 'NCHW', ok: false, maxAbsDiff: 3 },
    });
    assert.equal(
      bothWrong.note,
      'computes 9-channel convolutions wrongly in the NHWC layout: differs by 12.1',
    );
    const right = toStatus({
      provider: 'webgpu',
      loads: true,
      probe: { ok: true, maxAbsDiff: 0 },
      layout: 'NCHW',
      otherLayout: { layout: 'NHWC', ok: false, maxAbsDiff: 12 },
    });
    assert.equal(right.note, undefined);
  });

  it("shortens onnxruntime's CUDA errors to the failure and the call", () => {
    const error =
      '/onnxruntime_src/onnxruntime/core/providers/cuda/cuda_call.cc:154 std::conditional_t<THRW, void, onnxruntime::common::Status> onnxruntime::CudaCall(ERRTYPE, const char*) [with ERRTYPE = cudaError; bool THRW = true] ' +
      'CUDA failure 35: CUDA driver version is insufficient for CUDA runtime version ; GPU=-1 ; hostname=vm ; file=cuda_execution_provider.cc ; line=352 ; expr=cudaSetDevice(info_.device_id); \n';
    assert.equal(
      conciseError({ provider: 'cuda', loads: false, error }).error,
      'CUDA failure 35: CUDA driver version is insufficient for CUDA runtime version (cudaSetDevice)',
    );
    assert.equal(
      conciseError({ provider: 'cuda', loads: false, error: 'no adapter' }).error,
      'no adapter',
    );
  });

  it('a provider that crashes its trial process is reported, not fatal', async () => {
    const entry = temp('crash.js');
    writeFileSync(entry, "process.kill(process.pid, 'SIGSEGV');\n");
    const report = await tryProvider('cuda', {
      env: process.env,
      entry: { path: entry, execArgv: [] },
    });
    assert.equal(report.loads, false);
    assert.match(report.error ?? '', /crashed the process that loaded it \(signal SIGSEGV\)/);
  });

  it('tries the CPU provider for real in a child process and runs the probe there', async () => {
    const report = await tryProvider('cpu', {
      env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' },
    });
    assert.deepEqual(report, { provider: 'cpu', loads: true, probe: { ok: true, maxAbsDiff: 0 } });
  });
});

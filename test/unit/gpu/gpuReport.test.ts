// What "Set Up GPU" reads from the CLI and says: the status report is checked field by field, the
// verdict names where models run and why, and an install is offered only where it can help.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  gpuVerdict,
  installProgressText,
  parseGpuStatus,
  planSummary,
} from '../../../src/extension/gpu/gpuReport';

const noDriver = {
  platform: 'linux',
  providers: [
    {
      provider: 'cuda',
      usable: false,
      reason: 'no NVIDIA driver: libcuda.so.1 is not on this system',
    },
    {
      provider: 'webgpu',
      usable: true,
      probe: { ok: false, maxAbsDiff: 2.4 },
      note: 'computes 9-channel convolutions wrongly in the NHWC layout: differs by 2.40; right in NCHW',
    },
    { provider: 'cpu', usable: true },
  ],
  auto: {
    chosen: 'cpu',
    passedOver: [
      { provider: 'cuda', reason: 'no NVIDIA driver: libcuda.so.1 is not on this system' },
    ],
  },
};

describe('Set Up GPU report', () => {
  it('no driver: the CPU runs, CUDA is explained, no install is offered', () => {
    const verdict = gpuVerdict(parseGpuStatus(JSON.stringify(noDriver)));
    assert.equal(verdict.provider, 'cpu');
    assert.equal(verdict.canInstall, false);
    assert.match(verdict.message, /Models run on the CPU \(cuda: no NVIDIA driver/);
    assert.deepEqual(verdict.logLines, [
      'gpu: cuda not usable: no NVIDIA driver: libcuda.so.1 is not on this system',
      'gpu: webgpu usable (computes 9-channel convolutions wrongly in the NHWC layout: differs by 2.40; right in NCHW)',
      'gpu: cpu usable',
      'gpu: auto runs on cpu',
    ]);
  });

  it('offers the install on Linux when the provider or its libraries are missing', () => {
    for (const reason of [
      'the CUDA provider is not installed (maskmedpaint gpu install)',
      'missing libraries: libcublasLt.so.13',
      'the CUDA provider was installed for onnxruntime 1.29.0, this is 1.30.0',
    ]) {
      const status = {
        ...noDriver,
        providers: [{ provider: 'cuda', usable: false, reason }, ...noDriver.providers.slice(1)],
      };
      assert.equal(gpuVerdict(parseGpuStatus(JSON.stringify(status))).canInstall, true, reason);
      assert.equal(
        gpuVerdict(parseGpuStatus(JSON.stringify({ ...status, platform: 'win32' }))).canInstall,
        false,
      );
    }
  });

  it("logs the WebGPU layout the CLI saw (the extension's setting reaches it)", () => {
    const verdict = gpuVerdict(
      parseGpuStatus(JSON.stringify({ ...noDriver, webgpuLayout: 'NCHW' })),
    );
    assert.ok(verdict.logLines.includes('gpu: webgpu layout NCHW'), verdict.logLines.join(' | '));
    assert.throws(
      () => parseGpuStatus(JSON.stringify({ ...noDriver, webgpuLayout: 1 })),
      /webgpuLayout is not a string/,
    );
  });

  it('a usable GPU provider is named with its note', () => {
    const status = { ...noDriver, auto: { chosen: 'cuda', passedOver: [] } };
    assert.equal(gpuVerdict(parseGpuStatus(JSON.stringify(status))).message, 'Models run on cuda.');
  });

  it('refuses malformed reports', () => {
    assert.throws(() => parseGpuStatus('not json'), /no JSON report/);
    assert.throws(() => parseGpuStatus('{"providers": []}'), /no providers or auto/);
    assert.throws(
      () => parseGpuStatus(JSON.stringify({ ...noDriver, providers: [{ provider: 'cuda' }] })),
      /providers\[0\] is malformed/,
    );
    assert.throws(
      () =>
        parseGpuStatus(
          JSON.stringify({
            ...noDriver,
            providers: [{ provider: 'webgpu', usable: true, note: 4 }],
          }),
        ),
      /providers\[0\]\.note is not a string/,
    );
  });

  it('reads the install plan and progress lines', () => {
    const plan = {
      type: 'plan',
      plan: { downloadBytes: 1234, wheels: [{ filename: 'a.whl' }, { filename: 'b.whl' }] },
    };
    assert.deepEqual(planSummary(`${JSON.stringify(plan)}\n`), {
      downloadBytes: 1234,
      wheels: ['a.whl', 'b.whl'],
    });
    assert.throws(() => planSummary('{"type":"done"}'), /no plan/);
    assert.equal(
      installProgressText(
        JSON.stringify({
          type: 'progress',
          kind: 'download',
          filename: 'a.whl',
          progress: { received: 50, total: 200 },
        }),
      ),
      'downloading a.whl: 25%',
    );
    assert.equal(
      installProgressText(JSON.stringify({ type: 'progress', kind: 'extract', filename: 'a.whl' })),
      'extract a.whl',
    );
    assert.equal(installProgressText('plain text'), undefined);
    assert.equal(
      installProgressText('{'),
      undefined,
      'the first line of a report printed over several lines',
    );
  });
});

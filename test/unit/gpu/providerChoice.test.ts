// The provider `auto` runs, per platform, from what trying each provider showed; and the reasons
// given for the providers passed over.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseProvider, providerOrder } from '../../../src/core/backend/providerChoice';

const noCuda = { loads: false, error: 'libcublasLt.so.13: cannot open shared object file' };

describe('providerOrder', () => {
  it('auto: CUDA then the bundled provider then the CPU; WebGPU only when chosen', () => {
    assert.deepEqual(providerOrder('auto', 'linux'), ['cuda', 'cpu']);
    assert.deepEqual(providerOrder('auto', 'win32'), ['cuda', 'dml', 'cpu']);
    assert.deepEqual(providerOrder('auto', 'darwin'), ['coreml', 'cpu']);
    assert.deepEqual(providerOrder('auto', 'freebsd'), ['cpu']);
    assert.deepEqual(providerOrder('webgpu', 'linux'), ['webgpu', 'cpu']);
    assert.deepEqual(providerOrder('cpu', 'win32'), ['cpu']);
  });
});

describe('chooseProvider', () => {
  it('linux: CUDA when it loads and passes the probe', () => {
    assert.deepEqual(chooseProvider('auto', 'linux', { cuda: { loads: true, probeOk: true } }), {
      chosen: 'cuda',
      passedOver: [],
    });
  });

  it('linux: the CPU when CUDA does not load, saying why', () => {
    assert.deepEqual(
      chooseProvider('auto', 'linux', { cuda: noCuda, webgpu: { loads: true, probeOk: false } }),
      {
        chosen: 'cpu',
        passedOver: [{ provider: 'cuda', reason: noCuda.error }],
      },
    );
  });

  it('linux: CUDA that loads but fails the probe is passed over', () => {
    const choice = chooseProvider('auto', 'linux', { cuda: { loads: true, probeOk: false } });
    assert.equal(choice.chosen, 'cpu');
    assert.match(choice.passedOver[0].reason, /9-channel convolution probe differently/);
  });

  it('win32: DirectML when CUDA is missing; the CPU when neither loads', () => {
    const dml = chooseProvider('auto', 'win32', {
      cuda: noCuda,
      dml: { loads: true, probeOk: true },
    });
    assert.equal(dml.chosen, 'dml');
    assert.deepEqual(
      dml.passedOver.map((p) => p.provider),
      ['cuda'],
    );
    const cpu = chooseProvider('auto', 'win32', {
      cuda: noCuda,
      dml: { loads: false, error: 'no adapter' },
    });
    assert.equal(cpu.chosen, 'cpu');
    assert.deepEqual(cpu.passedOver, [
      { provider: 'cuda', reason: noCuda.error },
      { provider: 'dml', reason: 'no adapter' },
    ]);
  });

  it('darwin: Core ML, with a note when it computes 9-channel convolutions wrongly', () => {
    assert.deepEqual(chooseProvider('auto', 'darwin', { coreml: { loads: true, probeOk: true } }), {
      chosen: 'coreml',
      passedOver: [],
    });
    const flawed = chooseProvider('auto', 'darwin', { coreml: { loads: true, probeOk: false } });
    assert.equal(flawed.chosen, 'coreml');
    assert.match(flawed.note ?? '', /padding rewrite/);
  });

  it('WebGPU where it is chosen, and an untried provider is reported as such', () => {
    const webgpu = chooseProvider('webgpu', 'linux', { webgpu: { loads: true, probeOk: false } });
    assert.equal(webgpu.chosen, 'webgpu');
    assert.match(webgpu.note ?? '', /webgpu computes 9-channel convolutions wrongly/);
    assert.deepEqual(chooseProvider('auto', 'linux', {}).passedOver, [
      { provider: 'cuda', reason: 'not tried' },
    ]);
  });
});

// The provider probe runs its embedded one-convolution graph for real; the guard moves a 9-channel
// UNet to the CPU when a provider fails the probe, and leaves every other case alone. (A GPU
// provider cannot be loaded on a machine without one, so the failing provider is a stand-in whose
// probe result is given; the reload on the CPU and the recorded reason are real.)
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ProviderFallback, ProviderName } from '../../../src/core/backend/ort';
import { probeNineChannelConvolution } from '../../../src/core/backend/providerProbe';
import { guardUnetProvider } from '../../../src/core/engines/diffusion/providerGuard';
import { modelDir } from './sdFixtures';

class StandInUnet {
  released = false;
  constructor(
    readonly executionProvider: ProviderName,
    readonly fallbacks: ProviderFallback[] = [],
  ) {}
  release(): Promise<void> {
    this.released = true;
    return Promise.resolve();
  }
}

const failing = (provider: ProviderName) =>
  Promise.resolve({ ok: false, ranOn: provider, maxAbsDiff: 3.01 });

describe('9-channel convolution probe', () => {
  it('runs its embedded graph and agrees with itself on the CPU', async () => {
    const result = await probeNineChannelConvolution('cpu');
    assert.deepEqual(result, { ok: true, ranOn: 'cpu', maxAbsDiff: 0 });
  });

  it('passes a provider that is not available (it is not used for the UNet either)', async () => {
    const provider = process.platform === 'win32' ? 'coreml' : 'dml';
    const result = await probeNineChannelConvolution(provider);
    assert.equal(result.ok, true);
    assert.equal(result.ranOn, 'cpu');
  });
});

describe('guardUnetProvider', () => {
  const folder = modelDir('optimum-9ch');

  it('reloads a 9-channel UNet on the CPU when its provider fails the probe, saying why', async () => {
    const gpu = new StandInUnet('webgpu', [{ provider: 'cuda', error: 'no CUDA' }]);
    const { unet, fallbacks } = await guardUnetProvider(folder, 9, gpu, {}, failing);
    try {
      assert.notEqual(unet, gpu);
      assert.equal(unet.executionProvider, 'cpu');
      assert.equal(gpu.released, true, 'the GPU session is released');
      assert.equal(fallbacks.length, 2);
      assert.deepEqual(fallbacks[0], { provider: 'cuda', error: 'no CUDA' });
      assert.equal(fallbacks[1].provider, 'webgpu');
      assert.match(fallbacks[1].error, /9-input-channel convolution.*wrongly.*3\.01.*CPU/s);
      assert.ok('inputs' in unet && unet.inputs.some((i) => i.name === 'sample'), 'a real UNet');
    } finally {
      await unet.release();
    }
  });

  it('keeps the UNet where it is when the probe passes, for 4-channel UNets and on the CPU', async () => {
    let probed = 0;
    const counting = (provider: ProviderName) => {
      probed++;
      return Promise.resolve({ ok: true, ranOn: provider, maxAbsDiff: 0 });
    };
    const gpu = new StandInUnet('webgpu');
    assert.equal((await guardUnetProvider(folder, 9, gpu, {}, counting)).unet, gpu);
    assert.equal(probed, 1);
    const plain = new StandInUnet('webgpu');
    const fourChannel = await guardUnetProvider(
      join(folder, '..', 'optimum-4ch'),
      4,
      plain,
      {},
      failing,
    );
    assert.equal(fourChannel.unet, plain, 'a 4-channel UNet has no 9-channel convolution');
    const cpu = new StandInUnet('cpu');
    assert.equal((await guardUnetProvider(folder, 9, cpu, {}, failing)).unet, cpu);
    assert.equal(plain.released || cpu.released || gpu.released, false);
  });
});

// The model loader's hook: a 9-channel UNet whose provider fails the probe is loaded through the
// padding rewrite when that works, and on the CPU (saying why the rewrite could not help) when not.
// No GPU here: the failing provider is a stand-in; the rewrite and the loads are real (on the CPU).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadWithPaddedConvolutions } from '../../../src/core/backend/convPadding/paddedModelLoader';
import type { ProviderFallback, ProviderName } from '../../../src/core/backend/ort';
import { guardUnetProvider } from '../../../src/core/engines/diffusion/providerGuard';
import { modelDir } from '../diffusion/sdFixtures';

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

describe('guardUnetProvider with the padding rewrite', () => {
  const folder = modelDir('optimum-9ch');

  it('uses the rewritten UNet when the rewrite loads, keeping the earlier fallbacks only', async () => {
    const gpu = new StandInUnet('webgpu', [{ provider: 'cuda', error: 'no CUDA' }]);
    const asked: string[] = [];
    const { unet, fallbacks, note } = await guardUnetProvider(
      folder,
      9,
      gpu,
      {},
      failing,
      (path, provider) => {
        asked.push(provider);
        return loadWithPaddedConvolutions(path, 'cpu', { intraOpThreads: 1 });
      },
    );
    try {
      assert.deepEqual(asked, ['webgpu']);
      assert.equal(gpu.released, true);
      assert.ok('inputs' in unet && unet.inputs.some((i) => i.name === 'sample'), 'a real UNet');
      assert.deepEqual(fallbacks, [{ provider: 'cuda', error: 'no CUDA' }]);
      // The log says what was rewritten (the stand-in's rewrite loaded on the CPU).
      assert.match(note ?? '', /^unet: \S+ padded from 9 to 12 input channels for cpu$/);
    } finally {
      await unet.release();
    }
  });

  it('falls back to the CPU and says why the rewrite could not help', async () => {
    const gpu = new StandInUnet('webgpu');
    const { unet, fallbacks } = await guardUnetProvider(folder, 9, gpu, {}, failing, () =>
      Promise.resolve({ ok: false as const, reason: 'the padded convolution is wrong too' }),
    );
    try {
      assert.equal(unet.executionProvider, 'cpu');
      assert.match(
        fallbacks[0].error,
        /padding rewrite cannot help \(the padded convolution is wrong too\)/,
      );
    } finally {
      await unet.release();
    }
  });

  it('does not try the rewrite when the provider passes the probe', async () => {
    const gpu = new StandInUnet('webgpu');
    let tried = false;
    const passing = (provider: ProviderName) =>
      Promise.resolve({ ok: true, ranOn: provider, maxAbsDiff: 0 });
    const { unet, note } = await guardUnetProvider(folder, 9, gpu, {}, passing, () => {
      tried = true;
      return Promise.resolve({ ok: false as const, reason: '' });
    });
    assert.equal(unet, gpu);
    assert.equal(tried, false);
    assert.equal(note, undefined);
  });
});

// The model loader's hooks: a 9-channel UNet whose provider fails the probe is loaded through the
// padding rewrite when that works, else in WebGPU's NCHW layout when that works, and on the CPU
// (saying why neither could help) when not. No GPU here: the failing provider is a stand-in; the
// rewrite and the loads are real (on the CPU).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadWithPaddedConvolutions } from '../../../src/core/backend/convPadding/paddedModelLoader';
import { OrtModel, type ProviderFallback, type ProviderName } from '../../../src/core/backend/ort';
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
    const { unet, fallbacks, note } = await guardUnetProvider(folder, 9, gpu, {}, failing, {
      pad: (path, provider) => {
        asked.push(provider);
        return loadWithPaddedConvolutions(path, 'cpu', { intraOpThreads: 1 });
      },
      relayout: () => {
        asked.push('relayout');
        return Promise.resolve(undefined);
      },
    });
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
    const { unet, fallbacks } = await guardUnetProvider(folder, 9, gpu, {}, failing, {
      pad: () => Promise.resolve({ ok: false, reason: 'the padded convolution is wrong too' }),
      relayout: () => Promise.resolve({ ok: false, reason: 'the probe is wrong in NCHW too' }),
    });
    try {
      assert.equal(unet.executionProvider, 'cpu');
      assert.match(
        fallbacks[0].error,
        /padding rewrite cannot help \(the padded convolution is wrong too\)\. The NCHW layout cannot help \(the probe is wrong in NCHW too\)/,
      );
    } finally {
      await unet.release();
    }
  });

  it('loads the UNet in the NCHW layout when the rewrite does not cover it', async () => {
    const gpu = new StandInUnet('webgpu');
    const relaid = await OrtModel.load(join(folder, 'unet', 'model.onnx'), { preference: 'cpu' });
    const { unet, fallbacks, note } = await guardUnetProvider(folder, 9, gpu, {}, failing, {
      pad: () => Promise.resolve({ ok: false, reason: 'ONNX IR version 10 is newer than 8' }),
      relayout: () => Promise.resolve({ ok: true, model: relaid, note: 'computed in NCHW' }),
    });
    try {
      assert.equal(unet, relaid);
      assert.equal(gpu.released, true);
      assert.deepEqual(fallbacks, []);
      assert.equal(
        note,
        'unet: computed in NCHW (the padding rewrite does not apply: ONNX IR version 10 is newer than 8)',
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
    const { unet, note } = await guardUnetProvider(folder, 9, gpu, {}, passing, {
      pad: () => {
        tried = true;
        return Promise.resolve({ ok: false, reason: '' });
      },
      relayout: () => {
        tried = true;
        return Promise.resolve(undefined);
      },
    });
    assert.equal(unet, gpu);
    assert.equal(tried, false);
    assert.equal(note, undefined);
  });
});

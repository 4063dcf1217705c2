import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { OrtModel, providerOrder } from '../../../src/core/backend/ort';
import {
  ModelFolderError,
  resolveModelLayout,
} from '../../../src/core/engines/diffusion/modelLayout';
import {
  loadDiffusionModel,
  releaseDiffusionModel,
} from '../../../src/core/engines/diffusion/modelLoader';
import { modelDir } from './sdFixtures';

const scratch = mkdtempSync(join(tmpdir(), 'mmp-model-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('model folder layouts', () => {
  it('reads the optimum layout: int64 ids and timestep, latent_parameters, VAE config scaling, 4 channels', async () => {
    const model = await loadDiffusionModel(modelDir('optimum-4ch'), { executionProvider: 'cpu' });
    try {
      const { layout } = model;
      assert.equal(layout.unetChannels, 4);
      assert.equal(layout.textEncoder.inputIds.dtype, 'int64');
      assert.equal(layout.unet.timestep.dtype, 'int64');
      assert.equal(layout.vaeEncoder.kind, 'parameters');
      assert.equal(layout.scalingFactor, 0.13025);
      assert.equal(layout.nativeSize, 64);
      assert.equal(model.executionProvider, 'cpu');
    } finally {
      await releaseDiffusionModel(model);
    }
  });

  it('reads the legacy layout: int32 ids, float timestep, latent_sample, default scaling, 9 channels', async () => {
    const model = await loadDiffusionModel(modelDir('legacy-9ch'), { executionProvider: 'cpu' });
    try {
      const { layout } = model;
      assert.equal(layout.unetChannels, 9);
      assert.equal(layout.textEncoder.inputIds.dtype, 'int32');
      assert.equal(layout.unet.timestep.dtype, 'float32');
      assert.equal(layout.vaeEncoder.kind, 'sample');
      assert.equal(layout.scalingFactor, 0.18215);
      assert.equal(layout.nativeSize, 512, 'no UNet config: SD 1.5 default');
    } finally {
      await releaseDiffusionModel(model);
    }
  });

  // The two fp16 exporters differ exactly where the layout detection must look: the older script
  // makes the timestep a float16 scalar and the ids int32, optimum keeps both int64 ([batch] for
  // the timestep) and returns the VAE posterior's parameters in float16.
  const float16Folders = [
    {
      folder: 'fp16-legacy-4ch',
      channels: 4,
      ids: 'int32',
      timestep: { dtype: 'float16', rank: 0 },
      encoder: 'sample',
      scaling: 0.18215,
    },
    {
      folder: 'fp16-legacy-9ch',
      channels: 9,
      ids: 'int32',
      timestep: { dtype: 'float16', rank: 0 },
      encoder: 'sample',
      scaling: 0.18215,
    },
    {
      folder: 'fp16-optimum-4ch',
      channels: 4,
      ids: 'int64',
      timestep: { dtype: 'int64', rank: 1 },
      encoder: 'parameters',
      scaling: 0.13025,
    },
    {
      folder: 'fp16-optimum-9ch',
      channels: 9,
      ids: 'int64',
      timestep: { dtype: 'int64', rank: 1 },
      encoder: 'parameters',
      scaling: 0.13025,
    },
  ] as const;
  for (const expected of float16Folders) {
    it(`reads float16 graphs: ${expected.folder}`, async () => {
      const model = await loadDiffusionModel(modelDir(expected.folder), {
        executionProvider: 'cpu',
      });
      try {
        const { layout } = model;
        assert.equal(layout.unetChannels, expected.channels);
        for (const info of [
          layout.unet.sample,
          layout.unet.hiddenStates,
          layout.vaeEncoder.input,
          layout.vaeDecoder.input,
        ]) {
          assert.equal(info.dtype, 'float16', `${info.name} should be float16`);
        }
        assert.equal(layout.textEncoder.inputIds.dtype, expected.ids);
        assert.equal(layout.unet.timestep.dtype, expected.timestep.dtype);
        assert.equal(layout.unet.timestep.shape.length, expected.timestep.rank);
        assert.equal(layout.vaeEncoder.kind, expected.encoder);
        assert.equal(layout.scalingFactor, expected.scaling);
      } finally {
        await releaseDiffusionModel(model);
      }
    });
  }

  it('names every problem of a broken folder in one error', async () => {
    const broken = join(scratch, 'broken');
    cpSync(modelDir('optimum-9ch'), broken, { recursive: true });
    unlinkSync(join(broken, 'unet', 'model.onnx'));
    unlinkSync(join(broken, 'tokenizer', 'merges.txt'));
    writeFileSync(join(broken, 'vae_decoder', 'model.onnx'), 'not a model');
    writeFileSync(join(broken, 'scheduler', 'scheduler_config.json'), '{ broken');
    await assert.rejects(
      loadDiffusionModel(broken, { executionProvider: 'cpu' }),
      (error: unknown) => {
        assert.ok(error instanceof ModelFolderError);
        const text = error.message;
        for (const expected of [
          'missing unet/model.onnx',
          'missing tokenizer/merges.txt',
          'vae_decoder/model.onnx could not be loaded',
          'scheduler/scheduler_config.json is not valid JSON',
        ]) {
          assert.ok(text.includes(expected), `error should mention "${expected}":\n${text}`);
        }
        assert.equal(error.problems.length, 4, text);
        return true;
      },
    );
  });

  it('rejects a folder that does not exist', async () => {
    await assert.rejects(
      loadDiffusionModel(join(scratch, 'nope'), { executionProvider: 'cpu' }),
      ModelFolderError,
    );
  });

  it('reports mismatched graphs: wrong UNet channels, missing inputs and outputs', () => {
    const f = (name: string, dtype: string, shape: (number | string)[]) => ({ name, dtype, shape });
    const { layout, problems } = resolveModelLayout(
      {
        text_encoder: {
          inputs: [f('input_ids', 'float32', ['b', 77])],
          outputs: [f('last_hidden_state', 'float32', [])],
        },
        unet: {
          inputs: [f('sample', 'float32', ['b', 5, 'h', 'w'])],
          outputs: [f('out_sample', 'float32', [])],
        },
        vae_encoder: {
          inputs: [f('sample', 'float32', [])],
          outputs: [f('something', 'float32', [])],
        },
        vae_decoder: {
          inputs: [f('latent_sample', 'float32', [])],
          outputs: [f('sample', 'float32', [])],
        },
      },
      {},
    );
    assert.equal(layout, undefined);
    const text = problems.join('\n');
    assert.match(text, /input_ids is float32/);
    assert.match(text, /no input timestep/);
    assert.match(text, /no input encoder_hidden_states/);
    assert.match(text, /5 channels/);
    assert.match(text, /vae_encoder\/model.onnx has no output latent_parameters or latent_sample/);
  });
});

describe('UNet channel count when the graph leaves it symbolic', () => {
  const f = (name: string, dtype: string, shape: (number | string)[]) => ({ name, dtype, shape });
  const graphs = {
    text_encoder: {
      inputs: [f('input_ids', 'int32', ['b', 77])],
      outputs: [f('last_hidden_state', 'float32', ['b', 77, 768])],
    },
    unet: {
      inputs: [
        f('sample', 'float32', ['b', 'c', 'h', 'w']),
        f('timestep', 'float32', ['s']),
        f('encoder_hidden_states', 'float32', ['b', 77, 768]),
      ],
      outputs: [f('out_sample', 'float32', ['b', 4, 'h', 'w'])],
    },
    vae_encoder: {
      inputs: [f('sample', 'float32', ['b', 3, 'h', 'w'])],
      outputs: [f('latent_sample', 'float32', ['b', 4, 'h', 'w'])],
    },
    vae_decoder: {
      inputs: [f('latent_sample', 'float32', ['b', 4, 'h', 'w'])],
      outputs: [f('sample', 'float32', ['b', 3, 'h', 'w'])],
    },
  };
  const channelsFor = (configs: Parameters<typeof resolveModelLayout>[1]) =>
    resolveModelLayout(graphs, configs).layout?.unetChannels;

  it('reads unet/config.json first, then the pipeline class of model_index.json', () => {
    assert.equal(channelsFor({ unet: { in_channels: 9 } }), 9);
    assert.equal(
      channelsFor({
        unet: { in_channels: 4 },
        modelIndex: { _class_name: 'OnnxStableDiffusionInpaintPipeline' },
      }),
      4,
      'the UNet config wins over the class',
    );
    assert.equal(
      channelsFor({ modelIndex: { _class_name: 'OnnxStableDiffusionInpaintPipeline' } }),
      9,
    );
    assert.equal(
      channelsFor({ modelIndex: { _class_name: 'OnnxStableDiffusionInpaintPipelineLegacy' } }),
      4,
    );
    assert.equal(channelsFor({ modelIndex: { _class_name: 'OnnxStableDiffusionPipeline' } }), 4);
  });

  it('says what to add when nothing tells the channel count', () => {
    const { layout, problems } = resolveModelLayout(graphs, {
      modelIndex: { _class_name: 'SomethingElse' },
    });
    assert.equal(layout, undefined);
    assert.match(problems.join('\n'), /symbolic.*in_channels/);
  });
});

describe('execution providers', () => {
  it('orders providers by platform for auto, and always ends with the CPU', () => {
    assert.deepEqual(providerOrder('auto', 'linux'), ['cuda', 'cpu']);
    assert.deepEqual(providerOrder('auto', 'win32'), ['cuda', 'dml', 'cpu']);
    assert.deepEqual(providerOrder('auto', 'darwin'), ['coreml', 'cpu']);
    assert.deepEqual(providerOrder('webgpu', 'linux'), ['webgpu', 'cpu']);
    assert.deepEqual(providerOrder('cpu', 'win32'), ['cpu']);
  });

  it('falls back to the CPU when the requested provider is unavailable, recording why', async () => {
    // DirectML exists only in Windows builds of onnxruntime-node.
    const provider = process.platform === 'win32' ? 'coreml' : 'dml';
    const model = await OrtModel.load(join(modelDir('optimum-4ch'), 'vae_decoder', 'model.onnx'), {
      preference: provider,
    });
    try {
      assert.equal(model.executionProvider, 'cpu');
      assert.equal(model.fallbacks.length, 1);
      assert.equal(model.fallbacks[0].provider, provider);
      assert.ok(model.fallbacks[0].error.length > 0);
      // The next graph skips the unavailable provider but still reports why.
      const again = await OrtModel.load(
        join(modelDir('optimum-4ch'), 'vae_encoder', 'model.onnx'),
        {
          preference: provider,
        },
      );
      assert.equal(again.executionProvider, 'cpu');
      assert.deepEqual(again.fallbacks, model.fallbacks);
      await again.release();
    } finally {
      await model.release();
    }
  });
});

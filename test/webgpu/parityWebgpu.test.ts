// The WebGPU tier (scripts/test-webgpu.sh): onnxruntime-node's WebGPU provider, on lavapipe (a
// Vulkan driver that runs on the CPU) in CI or on a real GPU. The probe must see the provider's
// 9-input-channel convolution bug in its default (NHWC) layout and not in NCHW, and every
// 9-channel fixture must run on WebGPU, through the padding rewrite in NHWC and as exported in
// NCHW (MASKMEDPAINT_WEBGPU_LAYOUT), and match diffusers' recorded run; a UNet the rewrite does not
// cover (a newer ONNX IR version) runs in NCHW instead of on the CPU. WebGPU not loading is a
// failure, not a skip: this tier exists to run on it.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { onnx } from 'onnx-proto';
import { OrtModel } from '../../src/core/backend/ort';
import { probeNineChannelConvolution } from '../../src/core/backend/providerProbe';
import { WEBGPU_LAYOUT_ENV, type WebGpuLayout } from '../../src/core/backend/webgpuLayout';
import { CONV9_PROBE_ONNX_BASE64 } from '../../src/core/backend/probes/conv9Probe';
import { InpaintPipeline, type PipelineEvent } from '../../src/core/engines/diffusion/pipeline';
import { imageToTensor } from '../../src/core/engines/diffusion/tensors';
import {
  fixtureImage,
  fixtureMask,
  isFloat16Model,
  manifest,
  maxAbsDiff,
  modelDir,
  recordedImage,
  recordedLatents,
  type RecordedRun,
  ReplayNoise,
} from '../unit/diffusion/sdFixtures';

const nineChannel = (model: string): boolean =>
  manifest.signatures[model]?.unet?.inputs.find((i) => i.name === 'sample')?.dims[1] === 9;

describe('WebGPU provider', () => {
  before(async () => {
    const probe = await OrtModel.load(Buffer.from(CONV9_PROBE_ONNX_BASE64, 'base64'), {
      preference: 'webgpu',
    });
    await probe.release();
    assert.equal(
      probe.executionProvider,
      'webgpu',
      `WebGPU did not load (${probe.fallbacks.map((f) => f.error).join('; ')}); ` +
        'install a Vulkan driver (bash scripts/setup-system.sh brings lavapipe on Debian)',
    );
  });

  it('fails the 9-channel convolution probe (the bug the rewrite works around)', async () => {
    const result = await probeNineChannelConvolution('webgpu', 'NHWC');
    assert.equal(result.ranOn, 'webgpu');
    assert.equal(result.ok, false, `the probe differs by only ${result.maxAbsDiff}`);
  });

  it('passes the probe in the NCHW layout (the bug is in the NHWC kernels)', async () => {
    const result = await probeNineChannelConvolution('webgpu', 'NCHW');
    assert.equal(result.ranOn, 'webgpu');
    assert.equal(result.ok, true, `the probe differs by ${result.maxAbsDiff}`);
  });

  const pipelines: InpaintPipeline[] = [];
  after(async () => {
    for (const pipeline of pipelines) await pipeline.dispose();
  });

  /** Loads with the layout the environment names, as a user's run does. */
  async function loadIn(layout: WebGpuLayout, pipeline: InpaintPipeline) {
    const saved = process.env[WEBGPU_LAYOUT_ENV];
    process.env[WEBGPU_LAYOUT_ENV] = layout;
    try {
      return await pipeline.load();
    } finally {
      if (saved === undefined) delete process.env[WEBGPU_LAYOUT_ENV];
      else process.env[WEBGPU_LAYOUT_ENV] = saved;
    }
  }

  const cases = manifest.runs
    .filter((r) => nineChannel(r.model))
    .flatMap((run) => (['NHWC', 'NCHW'] as const).map((layout) => ({ run, layout })));
  for (const { run, layout } of cases) {
    const how = layout === 'NHWC' ? 'through the rewrite (NHWC)' : 'as exported in NCHW';
    it(`${run.id}: the UNet runs on WebGPU ${how} and matches diffusers`, async () => {
      const pipeline = new InpaintPipeline(modelDir(run.model), { executionProvider: 'webgpu' });
      pipelines.push(pipeline);
      const model = await loadIn(layout, pipeline);
      assert.equal(model.graphs.unet.executionProvider, 'webgpu', 'the UNet is not on the CPU');
      assert.equal(model.graphs.unet.webgpuLayout, layout);
      assert.deepEqual(model.fallbacks, [], 'no provider fell back');
      // What the run's log says: the rewrite in NHWC, the chosen layout in NCHW (nothing else).
      const said =
        layout === 'NHWC'
          ? /^unet: \S+ padded from 9 to 12 input channels for webgpu$/
          : /^webgpu computes in the NCHW layout \(MASKMEDPAINT_WEBGPU_LAYOUT\)$/;
      assert.equal(model.notes.length, 1, `notes: ${model.notes.join('; ')}`);
      assert.match(model.notes[0] ?? '', said);
      await assertMatchesDiffusers(pipeline, run);
    });
  }

  it('a UNet the rewrite does not cover (ONNX IR 9) runs on WebGPU in NCHW, not on the CPU', async () => {
    const run = manifest.runs.find((r) => r.id === 'optimum-9ch-pndm');
    assert.ok(run, 'the fixture run optimum-9ch-pndm is missing');
    // The same model with a newer IR version stamped on its UNet: the rewrite's reader refuses
    // versions whose fields it does not know; onnxruntime runs it as it is.
    const folder = mkdtempSync(join(tmpdir(), 'mmp-ir9-'));
    try {
      cpSync(modelDir(run.model), folder, { recursive: true });
      const unetPath = join(folder, 'unet', 'model.onnx');
      const unet = onnx.ModelProto.decode(readFileSync(unetPath));
      unet.irVersion = 9;
      writeFileSync(unetPath, onnx.ModelProto.encode(unet).finish());
      const pipeline = new InpaintPipeline(folder, { executionProvider: 'webgpu' });
      pipelines.push(pipeline);
      const model = await loadIn('NHWC', pipeline);
      assert.equal(model.graphs.unet.executionProvider, 'webgpu', 'the UNet is on the CPU');
      assert.equal(model.graphs.unet.webgpuLayout, 'NCHW');
      assert.equal(model.graphs.vae_decoder.webgpuLayout, 'NHWC', 'only the UNet changes layout');
      assert.deepEqual(model.fallbacks, []);
      assert.equal(model.notes.length, 1, `notes: ${model.notes.join('; ')}`);
      assert.match(
        model.notes[0] ?? '',
        /^unet: computed in the NCHW layout on webgpu \(the padding rewrite does not apply: .*IR version 9/,
      );
      await assertMatchesDiffusers(pipeline, run);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

/** Runs `run`'s recorded settings and noise through `pipeline` and compares with diffusers. */
async function assertMatchesDiffusers(pipeline: InpaintPipeline, run: RecordedRun): Promise<void> {
  const noise = new ReplayNoise(run);
  let done: Extract<PipelineEvent, { kind: 'done' }> | undefined;
  for await (const event of pipeline.run({
    prompt: run.prompt,
    negativePrompt: run.negativePrompt,
    steps: run.steps,
    strength: run.strength,
    guidanceScale: run.guidanceScale,
    schedulerConfig: run.schedulerConfig,
    items: [{ image: imageToTensor(fixtureImage()), mask: fixtureMask(), noise }],
  }))
    if (event.kind === 'done') done = event;
  assert.ok(done);
  // The CPU tier's bounds (pipelineParity.test.ts): float32 latents 1e-4 and 1/255; the
  // float16 graphs 2e-2 and 4/255. WebGPU sums in another order than the CPU provider.
  const [latentBound, imageBound] = isFloat16Model(run.model) ? [2e-2, 4] : [1e-4, 1];
  const latentDiff = maxAbsDiff(done.latents, recordedLatents(run));
  assert.ok(latentDiff <= latentBound, `final latents differ by ${latentDiff}`);
  const imageDiff = maxAbsDiff(done.images[0].data, recordedImage(run));
  assert.ok(imageDiff <= imageBound, `8-bit image differs by ${imageDiff}/255`);
}

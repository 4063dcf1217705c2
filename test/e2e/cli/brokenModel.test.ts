/**
 * A broken model is found when the model is checked at start-up, through the real CLI: exit 2 with
 * the file and the reason, no job events and no output folder, never one failure per item. Cases
 * a file check finds (garbage or empty graphs, bad JSON, an unknown scheduler class, a file where
 * a folder belongs) and cases only loading the graphs in the worker finds (a graph in the wrong
 * folder, a channel count that contradicts the config, an .onnx file with the wrong interface).
 */
import assert from 'node:assert/strict';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { modelDir } from '../../unit/diffusion/sdFixtures';
import { makeDataset, type TestDataset } from '../../unit/jobs/helpers/makeDataset';
import { buildCli, removeCli, runCliProcess } from '../helpers/cliHarness';

const INPAINTERS = path.join(__dirname, '..', '..', 'fixtures', 'inpainters');

let root: string;
let dataset: TestDataset;

before(async () => {
  await buildCli();
  root = mkdtempSync(path.join(tmpdir(), 'mmp-broken-model-'));
  dataset = await makeDataset(root, { perClass: 2, maskSuffix: '_segmentation' });
});
after(() => {
  removeCli();
  rmSync(root, { recursive: true, force: true });
});

/** A copy of the 9-channel tiny model, broken by `damage`. */
function brokenCopy(name: string, damage: (folder: string) => void): string {
  const folder = path.join(root, name);
  cpSync(modelDir('optimum-9ch'), folder, { recursive: true });
  damage(folder);
  return folder;
}

/** Runs `augment` with `engine` and `model`; asserts the start-up refusal and returns stderr. */
async function refused(engine: string, model: string): Promise<string> {
  const out = path.join(root, `out-${path.basename(model)}`);
  const result = await runCliProcess([
    'augment',
    ...['--source', dataset.source, '--target', dataset.target, '--out', out],
    ...['--masks', dataset.masks, '--mask-suffix', '_segmentation', '--json'],
    ...['--engine', engine, '--model', model, '--provider', 'cpu'],
  ]);
  assert.equal(result.code, 2, `exit 2 for ${model}: ${result.stderr}`);
  assert.equal(result.stdout, '', 'no job events: nothing was planned to run');
  assert.equal(existsSync(out), false, 'no output folder, no manifest');
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  return result.stderr;
}

test('garbage and empty graphs are named before anything is scanned or written', async () => {
  const folder = brokenCopy('garbage-graphs', (f) => {
    writeFileSync(path.join(f, 'unet', 'model.onnx'), 'this is not a graph');
    writeFileSync(path.join(f, 'vae_decoder', 'model.onnx'), '');
  });
  const stderr = await refused('diffusion', folder);
  assert.match(stderr, /Not a usable Stable Diffusion ONNX model folder: .*garbage-graphs/);
  assert.match(stderr, /- unet\/model\.onnx is not an ONNX model file/);
  assert.match(stderr, /- vae_decoder\/model\.onnx is empty \(0 bytes\)/);
});

test('an invalid model_index.json and an unknown scheduler class are named with the file', async () => {
  const folder = brokenCopy('bad-json', (f) => {
    writeFileSync(path.join(f, 'model_index.json'), '{ "_class_name": ');
    writeFileSync(
      path.join(f, 'scheduler', 'scheduler_config.json'),
      JSON.stringify({ _class_name: 'FlowMatchEulerDiscreteScheduler', num_train_timesteps: 1000 }),
    );
  });
  const stderr = await refused('diffusion', folder);
  assert.match(stderr, /- model_index\.json is not valid JSON/);
  assert.match(
    stderr,
    /- scheduler\/scheduler_config\.json names the scheduler class FlowMatchEulerDiscreteScheduler, which MaskMedPaint does not implement \(supported: PNDMScheduler, /,
  );
});

test('a path to a file where a model folder is expected says so', async () => {
  const stderr = await refused('diffusion', path.join(modelDir('optimum-9ch'), 'model_index.json'));
  assert.match(
    stderr,
    /--model .*model_index\.json is a file; the diffusion engine needs a Stable Diffusion ONNX model folder/,
  );
});

test('a graph in the wrong folder is found when the worker loads the model', async () => {
  const folder = brokenCopy('wrong-slot', (f) =>
    copyFileSync(path.join(f, 'vae_decoder', 'model.onnx'), path.join(f, 'unet', 'model.onnx')),
  );
  const stderr = await refused('diffusion', folder);
  assert.match(stderr, /cannot start engine "diffusion" with .*wrong-slot/);
  assert.match(stderr, /unet\/model\.onnx has no input sample \(inputs: latent_sample:float32\)/);
});

test('a UNet whose channel count contradicts unet/config.json is refused at load', async () => {
  const folder = brokenCopy('channels', (f) => {
    const config = path.join(f, 'unet', 'config.json');
    const settings = JSON.parse(readFileSync(config, 'utf8')) as Record<string, unknown>;
    writeFileSync(config, JSON.stringify({ ...settings, in_channels: 4 }));
  });
  const stderr = await refused('diffusion', folder);
  assert.match(
    stderr,
    /unet\/model\.onnx sample has 9 channels, but unet\/config\.json says in_channels 4/,
  );
});

test('plain inpainters: an empty file, and a graph without the (image, mask) -> image interface', async () => {
  const empty = path.join(root, 'empty.onnx');
  writeFileSync(empty, '');
  assert.match(await refused('lama', empty), /empty\.onnx is empty \(0 bytes\)/);
  const rmbg = path.join(root, 'not-an-inpainter.onnx');
  copyFileSync(path.join(INPAINTERS, 'tiny_rmbg.onnx'), rmbg);
  assert.match(
    await refused('migan', rmbg),
    /cannot start engine "migan" with .*not-an-inpainter\.onnx: .*expected 2 inputs, found 1/,
  );
});

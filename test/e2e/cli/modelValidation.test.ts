// An unusable model through the real CLI: a usage error (exit 2) before anything is planned or written.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { makeDataset, type TestDataset } from '../../unit/jobs/helpers/makeDataset';
import { buildCli, removeCli, runCliProcess } from '../helpers/cliHarness';

let root: string;
let dataset: TestDataset;

before(async () => {
  await buildCli();
  root = mkdtempSync(path.join(tmpdir(), 'mmp-cli-model-'));
  dataset = await makeDataset(root, { perClass: 1, maskSuffix: '_segmentation' });
});
after(() => {
  removeCli();
  rmSync(root, { recursive: true, force: true });
});

test('augment --engine diffusion --model NOT_A_MODEL: exit 2 listing what is missing, nothing written', async () => {
  const out = path.join(root, 'out-diffusion');
  const result = await runCliProcess([
    'augment',
    ...['--source', dataset.source, '--target', dataset.target, '--out', out],
    ...['--masks', dataset.masks, '--mask-suffix', '_segmentation', '--json'],
    ...['--engine', 'diffusion', '--model', dataset.target],
  ]);
  assert.equal(result.code, 2, result.stderr);
  assert.match(
    result.stderr,
    /Not a usable Stable Diffusion ONNX model folder: .*\n- missing model_index\.json\n[\s\S]*- missing vae_decoder\/model\.onnx/,
  );
  assert.equal(result.stdout, '', 'no job events: nothing was planned');
  assert.equal(existsSync(out), false, 'nothing was written');
});

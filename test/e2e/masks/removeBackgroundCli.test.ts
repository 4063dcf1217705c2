/**
 * `masks remove-background` through the real CLI: the background-removal graph runs in the
 * inference worker, like every engine's, and a graph that is not one is refused before any mask.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { buildCli, removeCli, runCliProcess } from '../helpers/cliHarness';
import { writeRgbPng } from '../../unit/jobs/helpers/makeDataset';

const INPAINTERS = path.join(__dirname, '..', '..', 'fixtures', 'inpainters');
let root: string;

before(async () => {
  await buildCli();
  root = mkdtempSync(path.join(tmpdir(), 'mmp-rmbg-cli-'));
  await writeRgbPng(path.join(root, 'source', 'birds', 'a.png'), 24, 1);
  await writeRgbPng(path.join(root, 'source', 'birds', 'b.png'), 24, 2);
});
after(() => {
  removeCli();
  rmSync(root, { recursive: true, force: true });
});

const run = (model: string, out: string): ReturnType<typeof runCliProcess> =>
  runCliProcess([
    ...['masks', 'remove-background', '--model', model, '--provider', 'cpu'],
    ...['--source', path.join(root, 'source'), '--out', out],
  ]);

test('proposes a mask per image with the model loaded once in the inference worker', async () => {
  const out = path.join(root, 'masks');
  const result = await run(path.join(INPAINTERS, 'tiny_rmbg.onnx'), out);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /^background removal: .*tiny_rmbg\.onnx on cpu in worker pid \d+$/m);
  assert.match(result.stdout, /2 masks written, 0 kept from before, 0 failed/);
  assert.deepEqual(readdirSync(path.join(out, 'birds')).sort(), ['a.png', 'b.png']);
});

test('a graph that is not a background remover is refused before any mask (exit 2)', async () => {
  const out = path.join(root, 'not-masks');
  const result = await run(path.join(INPAINTERS, 'tiny_lama.onnx'), out);
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /--model .*tiny_lama\.onnx: a background-removal model takes one/);
  assert.equal(existsSync(out), false);
});

/**
 * The command line the wizard builds for the dermoscopy preset, run by the real CLI as the
 * extension runs it: the target masks reach the run (recorded in the manifest and used per item),
 * "run without filling" is accepted, and leaving them out is refused by the CLI.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { augmentRequest, parseInpaintOptions } from '../../../src/extension/inpaint/inpaintOptions';
import { cliArguments } from '../../../src/shared/cliRequest';
import type { Manifest } from '../../../src/shared/manifest';
import { buildCli, removeCli, runCliProcess } from '../helpers/cliHarness';
import { makeDataset, type TestDataset } from '../../unit/jobs/helpers/makeDataset';

const SUFFIX = '_segmentation';
let root: string;
let dataset: TestDataset;

before(async () => {
  await buildCli();
  root = mkdtempSync(path.join(tmpdir(), 'mmp-wizard-target-masks-'));
  dataset = await makeDataset(root, { perClass: 1, maskSuffix: SUFFIX, targetMasks: true });
});
after(() => {
  removeCli();
  rmSync(root, { recursive: true, force: true });
});

/** Runs the CLI with the arguments the extension builds from `answers`. */
async function runAsExtension(name: string, answers: Record<string, unknown>) {
  const options = parseInpaintOptions({
    target: dataset.target,
    masks: { kind: 'folder', folder: dataset.masks, suffix: SUFFIX },
    preset: 'dermoscopy',
    perImage: 1,
    ...answers,
  });
  const out = path.join(root, name);
  const request = augmentRequest(dataset.source, out, options, {
    executionProvider: 'cpu',
    requireReview: true,
  });
  const result = await runCliProcess(cliArguments(request));
  const manifest = (): Manifest =>
    JSON.parse(readFileSync(path.join(out, 'maskmedpaint.json'), 'utf8')) as Manifest;
  return { result, out, manifest };
}

test('the chosen target masks folder reaches the CLI and every item uses a target mask', async () => {
  const { result, out, manifest } = await runAsExtension('with-masks', {
    targetMasks: { kind: 'folder', folder: dataset.targetMasks },
  });
  assert.equal(result.code, 0, result.stderr);
  const written = manifest();
  assert.equal(path.resolve(out, written.inputs.targetMasks ?? ''), dataset.targetMasks);
  assert.ok(written.items.length > 0);
  assert.ok(written.items.every((item) => item.targetMask !== null));
});

test('"run without filling the target lesions" is accepted and recorded in the recipe', async () => {
  const { result, manifest } = await runAsExtension('unfilled', { targetMasks: { kind: 'none' } });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(manifest().recipe.composite.fillTargetKeyRegion, false);
});

test('without an answer the CLI refuses the dermoscopy run (so the wizard must ask)', async () => {
  const { result } = await runAsExtension('unasked', {});
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /--target-masks/);
});

/**
 * DICOM in a real workbench: a run over real DICOM files (the CLI the extension bundles, with
 * Secondary Capture outputs) shown in the gallery and the review panel through host-rendered
 * thumbnails, with the header fields and the window presets.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { Manifest } from '../../../src/shared/manifest';
import { postFromWebview, screenshot, waitInWebview } from './bridge';
import { EXTENSION_ID, inWorkspace, readJson } from './helpers';
import { SELECTORS } from './selectors';

const run = promisify(execFile);

/** Runs `maskmedpaint augment` on dicom/ with DICOM outputs; returns the manifest. */
async function augmentDicom(): Promise<vscode.Uri> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, 'extension not found');
  const dicom = inWorkspace('dicom').fsPath;
  const out = path.join(dicom, 'out');
  await run(process.execPath, [
    path.join(extension.extensionPath, 'dist', 'cli.js'),
    'augment',
    ...['--source', path.join(dicom, 'source'), '--masks', path.join(dicom, 'masks')],
    ...['--target', path.join(dicom, 'target'), '--out', out, '--output-format', 'dicom'],
  ]);
  return vscode.Uri.file(path.join(out, 'maskmedpaint.json'));
}

/** Defines the DICOM display tests. */
export function defineDicomDisplayTests(): void {
  suite('DICOM display', () => {
    let manifest: vscode.Uri;
    suiteSetup(async () => {
      manifest = await augmentDicom();
    });

    test('the gallery shows DICOM sources and outputs through host-rendered thumbnails', async () => {
      const items = (await readJson<Manifest>(manifest)).items;
      assert.equal(items.length, 2);
      assert.ok(items.every((item) => item.output?.endsWith('.dcm')));
      await vscode.commands.executeCommand('maskmedpaint.openGallery', manifest);
      // This run's own cells: until its state arrives the gallery may still show the run before.
      const cells = items
        .map((item) => `${SELECTORS.galleryItem}[data-item-id="${item.id}"]`)
        .join(', ');
      const seen = await waitInWebview(cells, 2, true);
      assert.ok(seen.found, 'no gallery item');
      const sources = seen.matches.flatMap((match) => match.imageSources);
      assert.ok(sources.length >= 4, sources.join(' '));
      assert.ok(
        sources.every((src) => src.includes('.maskmedpaint-thumbs')),
        `an image was not a host thumbnail: ${sources.join(' ')}`,
      );
      assert.ok(
        seen.matches.every((match) => match.loadedImages === match.images),
        'a thumbnail did not load',
      );
      await screenshot('gallery-dicom');
    });

    test('the review panel shows header fields without patient data and switches windows', async () => {
      const items = (await readJson<Manifest>(manifest)).items;
      const ct = items.find((item) => item.id === 'ct__0');
      assert.ok(ct);
      await vscode.commands.executeCommand('maskmedpaint.reviewAugmentations', manifest, ct.id);
      const header = await waitInWebview(
        `${SELECTORS.reviewDicomHeader}:has-text("CT MONOCHROME2")`,
      );
      assert.ok(header.found, 'no DICOM header fields');
      assert.ok(
        !/CompressedSamples|1CT1/.test(header.matches[0]?.text ?? ''),
        'patient data shown',
      );
      const before = await waitInWebview(SELECTORS.reviewBefore, 1, true);
      const defaultSource = before.matches[0]?.imageSources[0] ?? '';
      assert.ok(defaultSource.includes('.maskmedpaint-thumbs'), defaultSource);
      await postFromWebview(SELECTORS.reviewWindow, { type: 'setWindow', preset: 'lung' });
      const relit = await waitInWebview(`${SELECTORS.reviewWindow} option[value="lung"][selected]`);
      assert.ok(relit.found, 'the lung preset was not applied');
      const after = await waitInWebview(SELECTORS.reviewBefore, 1, true);
      assert.notEqual(
        after.matches[0]?.imageSources[0],
        defaultSource,
        'the image was not re-rendered',
      );
      assert.equal(after.matches[0]?.loadedImages, 1);
      await screenshot('review-dicom-lung');
    });
  });
}

/**
 * Model debugging: a classifier's predictions file opens in the gallery, and "Inpaint to Target
 * Domain" started from a selection of its images copies them, in their class folders, into a new
 * folder beside the dataset (the originals untouched) and opens the wizard on it.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { postFromWebview, quickInput, waitInWebview } from './bridge';
import { hashTree, inWorkspace } from './helpers';
import { SELECTORS } from './selectors';

/** Defines the predictions-to-inpainting test (needs the Playwright bridge). */
export function definePredictionsTests(): void {
  suite('predictions to inpainting', () => {
    test('a selection from the predictions gallery is staged and opens the wizard', async () => {
      const csv = inWorkspace('data', 'predictions.csv');
      const rows = [
        'path,label,prediction,score',
        'source/benign/benign_0.png,benign,malignant,0.81',
        'source/malignant/malignant_1.png,malignant,benign,0.67',
        'source/benign/benign_1.png,benign,benign,0.12',
      ];
      await vscode.workspace.fs.writeFile(csv, new TextEncoder().encode(`${rows.join('\n')}\n`));
      const sourceBefore = await hashTree(inWorkspace('data', 'source'));
      await vscode.commands.executeCommand('maskmedpaint.openPredictions', csv);
      const shown = await waitInWebview(SELECTORS.predictionItem, 1);
      assert.ok(shown.found, 'the predictions gallery shows no row');

      // What the gallery posts for "Inpaint selection" with the two misclassified rows.
      const selected = [
        inWorkspace('data', 'source', 'benign', 'benign_0.png').fsPath,
        inWorkspace('data', 'source', 'malignant', 'malignant_1.png').fsPath,
      ];
      await postFromWebview(SELECTORS.galleryViewport, {
        type: 'inpaintSelection',
        paths: selected,
      });
      await quickInput('(1/7)');
      const staged = (await vscode.workspace.fs.readDirectory(inWorkspace('data'))).filter(
        ([name]) => name.startsWith('source-selection-'),
      );
      assert.equal(staged.length, 1, 'no selection folder beside the source folder');
      const copies = await hashTree(inWorkspace('data', staged[0][0]));
      assert.deepEqual(copies, {
        'benign/benign_0.png': sourceBefore['benign/benign_0.png'],
        'malignant/malignant_1.png': sourceBefore['malignant/malignant_1.png'],
      });
      await quickInput('(1/7)', { key: 'Escape' });
      assert.deepEqual(await hashTree(inWorkspace('data', 'source')), sourceBefore);
    });
  });
}

/**
 * Model debugging: a classifier's predictions file opens in the gallery, and "Inpaint to Target
 * Domain" started from a selection of its images opens the wizard on the dataset folder with a
 * labels CSV of the selection kept in the extension's storage: nothing is copied into the
 * workspace, and the originals stay untouched.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { postFromWebview, quickInput, waitInWebview } from './bridge';
import { hashTree, inWorkspace, listWorkspaceFiles } from './helpers';
import { SELECTORS } from './selectors';

/** Defines the predictions-to-inpainting test (needs the Playwright bridge). */
export function definePredictionsTests(): void {
  suite('predictions to inpainting', () => {
    test('a selection from the predictions gallery opens the wizard without copying anything into the workspace', async () => {
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
      const workspaceBefore = await listWorkspaceFiles();
      await quickInput('(1/7)');
      // No copy folder anywhere in the workspace.
      assert.deepEqual(await listWorkspaceFiles(), workspaceBefore);
      assert.ok(
        !(await vscode.workspace.fs.readDirectory(inWorkspace('data'))).some(([name]) =>
          name.includes('selection'),
        ),
        'a selection folder was written into the workspace',
      );
      await quickInput('(1/7)', { key: 'Escape' });
      assert.deepEqual(await hashTree(inWorkspace('data', 'source')), sourceBefore);
    });
  });
}

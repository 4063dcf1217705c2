/**
 * "Write Augmentation Config" as a person runs it: a right click on the training script in the
 * explorer, the run and the review policy picked in quick picks, then the written config opened
 * and a message with how many images training gets; when the files exist, exactly one question
 * for both (Replace or Keep Existing, a quick pick: VS Code refuses modal dialogs under test). Driven through the real workbench (Playwright bridge).
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { clickWorkbench, quickInput, screenshot, workbenchTexts } from './bridge';
import { inWorkspace, readJson } from './helpers';

const CONFIG = 'maskmedpaint.augment.json';
const SNIPPET = 'maskmedpaint_augment_snippet.py';
const TITLE = 'Write Augmentation Config';
const NOTIFICATION = '.notification-list-item-message';

/** The config's counts (written by the command from the manifest and the decisions journal). */
interface WrittenConfig {
  manifest: string;
  requireReview: boolean;
  counts: { items: number; usable: number };
}

/** Resolves once the active editor shows `uri` (the command opens the config it wrote). */
async function editorShows(uri: vscode.Uri, limitMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (vscode.window.activeTextEditor?.document.uri.fsPath === uri.fsPath) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/** Right-clicks the training script in the explorer and picks the command from its menu. */
async function runFromExplorer(training: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('revealInExplorer', training);
  await clickWorkbench('.explorer-folders-view .monaco-list-row', 'train_classifier.py', 'right');
  // The workbench's context menu ignores a click that comes right after it opened.
  await new Promise((resolve) => setTimeout(resolve, 700));
  await clickWorkbench('.monaco-menu .action-item', TITLE);
  // Several runs in the workspace: which one, then which images training uses.
  await quickInput(TITLE, {
    row: 'source-maskmedpaint/maskmedpaint.json',
    fill: 'data/source-maskmedpaint/maskmedpaint.json',
    key: 'Enter',
  });
  await quickInput(TITLE, {
    row: 'Approved images only',
    fill: 'Approved images only',
    key: 'Enter',
  });
}

/** Defines the explorer-driven config writer test (needs the inpaint tests' runs). */
export function defineConfigWriterExplorerTests(): void {
  suite('Write Augmentation Config from the explorer', () => {
    // What the workbench showed when a step failed (notifications kept: they may say why).
    teardown(async function () {
      if (this.currentTest?.state === 'failed') await screenshot('config-explorer-failed', true);
    });

    const training = () => inWorkspace('training', 'train_classifier.py');
    const config = () => inWorkspace('training', CONFIG);
    const snippet = () => inWorkspace('training', SNIPPET);

    test('opens the written config, says how many images training gets, asks once before replacing', async () => {
      for (const uri of [config(), snippet()])
        await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
      await vscode.commands.executeCommand('notifications.clearAll');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');

      // New files: no question; the config opens and the message gives the counts.
      await runFromExplorer(training());
      assert.ok(await editorShows(config()), 'the written config was not opened');
      const written = await readJson<WrittenConfig>(config());
      assert.equal(written.manifest, '../data/source-maskmedpaint/maskmedpaint.json');
      assert.equal(written.requireReview, true);
      const counts = `${written.counts.usable} of ${written.counts.items} generated images are usable for training (approved images only)`;
      const created = await workbenchTexts(NOTIFICATION, 'usable for training');
      assert.ok(created.found, 'no message after writing');
      assert.ok(
        created.texts.some(
          (text) =>
            text.includes(`created ${CONFIG} and created ${SNIPPET}`) && text.includes(counts),
        ),
        created.texts.join(' | '),
      );

      // Both files exist: one question for both; Keep Existing leaves an edited config alone.
      const edited = '{ "edited": true }\n';
      await vscode.workspace.fs.writeFile(config(), new TextEncoder().encode(edited));
      await vscode.commands.executeCommand('notifications.clearAll');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await runFromExplorer(training());
      const question = await quickInput(TITLE, { row: 'Keep Existing' });
      assert.match(
        question.placeholder,
        new RegExp(`${CONFIG} and ${SNIPPET} already exist beside training/train_classifier.py`),
      );
      assert.deepEqual(
        question.rows.map((row) =>
          row.startsWith('Replace')
            ? 'Replace'
            : row.startsWith('Keep Existing')
              ? 'Keep Existing'
              : row,
        ),
        ['Replace', 'Keep Existing'],
      );
      await quickInput(TITLE, { row: 'Keep Existing', fill: 'Keep Existing', key: 'Enter' });
      const kept = await workbenchTexts(NOTIFICATION, `kept the existing ${CONFIG}`);
      assert.ok(kept.found, 'no message after keeping the files');
      assert.equal(
        new TextDecoder().decode(await vscode.workspace.fs.readFile(config())),
        edited,
        'Keep Existing replaced the config',
      );

      // Replace: the one answer covers both files, nothing else is asked.
      await vscode.commands.executeCommand('notifications.clearAll');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await runFromExplorer(training());
      await quickInput(TITLE, { row: 'Keep Existing', fill: 'Replace', key: 'Enter' });
      const replaced = await workbenchTexts(
        NOTIFICATION,
        `overwritten ${CONFIG} and overwritten ${SNIPPET}`,
      );
      assert.ok(replaced.found, 'no message after replacing');
      assert.ok(await editorShows(config()), 'the replaced config was not opened');
      assert.equal((await readJson<WrittenConfig>(config())).manifest, written.manifest);
      const another = await workbenchTexts('.quick-input-widget .quick-input-title', TITLE, 2_000);
      assert.equal(another.found, false, 'a second question was asked');
      await screenshot('config-written', true);
    });
  });
}

/**
 * The job's user interface in the workbench: the status bar names the engine and where it
 * computes, and Cancel in the progress notification stops the child process after the current
 * image, leaving a consistent output folder that the next run resumes.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InpaintRunResult } from '../../../src/extension/inpaint/inpaintCommand';
import type { Manifest } from '../../../src/shared/manifest';
import { clickWorkbench, screenshot, workbenchTexts } from './bridge';
import { inWorkspace, readJson } from './helpers';
import { fixtureOptions } from './inpaint.test';

/** Defines the job UI tests (need the Playwright bridge). */
export function defineJobUiTests(): void {
  suite('job user interface', () => {
    test('the status bar shows the engine and execution provider', async () => {
      const { found, texts } = await workbenchTexts('.statusbar-item', 'composite');
      assert.ok(found, 'no MaskMedPaint status bar item');
      assert.ok(
        texts.some((text) => /composite · CPU/.test(text)),
        texts.join(' | '),
      );
    });

    test('Cancel in the progress notification stops the job; the next run resumes', async () => {
      const output = inWorkspace('data', 'cancelled-run').fsPath;
      // Enough images that the job is still running when Cancel is clicked (6,000 images of 64 x 64
      // take about 30 s on an idle 2-core machine; 3,600 left too little margin under the suite's
      // load, and the run could end before the click).
      const perImage = 1000;
      const options = fixtureOptions({ perImage, output });
      // Summary toasts of earlier runs would push the progress toast out of view.
      await vscode.commands.executeCommand('notifications.clearAll');
      const running = Promise.resolve(
        vscode.commands.executeCommand<InpaintRunResult>(
          'maskmedpaint.inpaintToTargetDomain',
          inWorkspace('data', 'source'),
          options,
        ),
      );
      await workbenchTexts('.notification-toast', 'about');
      // Click Cancel in the notification centre rather than the toast: a toast can be pushed out
      // of view or hidden by a late notification of an earlier test, the centre lists them all.
      await vscode.commands.executeCommand('notifications.showList');
      await clickWorkbench('.notifications-center .monaco-button', 'Cancel').catch(
        async (error) => {
          await screenshot('cancel-failed', true);
          throw error;
        },
      );
      await vscode.commands.executeCommand('notifications.hideList');
      const cancelled = await running;
      assert.equal(
        cancelled.finished?.cancelled,
        true,
        'the CLI did not report a cancelled finish',
      );
      const total = 6 * perImage;
      const made = cancelled.finished.done;
      assert.ok(made > 0 && made < total, `done ${made} of ${total}`);
      const leftovers = (await vscode.workspace.fs.readDirectory(vscode.Uri.file(output))).filter(
        ([name]) => name.endsWith('.mmp-tmp'),
      );
      assert.deepEqual(leftovers, [], 'temp files left behind');

      const resumed = await Promise.resolve(
        vscode.commands.executeCommand<InpaintRunResult>(
          'maskmedpaint.inpaintToTargetDomain',
          inWorkspace('data', 'source'),
          fixtureOptions({ perImage, output }),
        ),
      );
      assert.equal(resumed.exitCode, 0);
      assert.equal(
        resumed.finished?.skipped,
        made,
        'the second run did not reuse the images of the first',
      );
      const manifest = await readJson<Manifest>(vscode.Uri.file(resumed.manifest));
      assert.equal(manifest.items.filter((item) => item.output !== null).length, total);
    });
  });
}

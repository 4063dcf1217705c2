/**
 * The job's user interface in the workbench: the status bar names the engine and where it
 * computes, and Cancel in the progress notification stops the child process after the current
 * image, leaving a consistent output folder that the next run resumes.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InpaintRunResult } from '../../../src/extension/inpaint/inpaintCommand';
import type { Manifest } from '../../../src/shared/manifest';
import { clickWorkbench, screenshot, workbenchTexts } from './bridge';
import { inWorkspace, readJson } from './helpers';
import { fixtureOptions } from './inpaint.test';

/** The CLI preload that holds output renames (in the repository the suite runs from). */
function holdPreload(): string {
  const repo = process.env.MMP_IT_REPO;
  if (!repo)
    throw new Error('MMP_IT_REPO is not set: run the suite through test/integration/run.mjs');
  return path.join(repo, 'test', 'integration', 'holdOutputRenames.cjs');
}

/** Sets environment variables of this extension host; returns what puts the old values back. */
function withEnvironment(values: Record<string, string>): () => void {
  const before = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  Object.assign(process.env, values);
  return () => {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

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
      const perImage = 1000;
      const options = fixtureOptions({ perImage, output });
      // The job must still be running when Cancel is clicked, however fast this machine computes
      // its 6,000 images: the CLI holds its output renames after the first 40 until the test
      // says so (holdOutputRenames.cjs, preloaded through NODE_OPTIONS, which the job's child
      // process inherits from this extension host).
      const release = path.join(os.tmpdir(), `mmp-it-release-${process.pid}-${Date.now()}`);
      const restoreEnvironment = withEnvironment({
        NODE_OPTIONS: `--require ${JSON.stringify(holdPreload())}`,
        MMP_IT_HOLD_AFTER: '40',
        MMP_IT_HOLD_RELEASE: release,
      });
      // Summary toasts of earlier runs would push the progress toast out of view.
      await vscode.commands.executeCommand('notifications.clearAll');
      const running = Promise.resolve(
        vscode.commands.executeCommand<InpaintRunResult>(
          'maskmedpaint.inpaintToTargetDomain',
          inWorkspace('data', 'source'),
          options,
        ),
      );
      try {
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
      } finally {
        // The images in flight are written, and the CLI stops within the extension's grace period.
        writeFileSync(release, '');
        restoreEnvironment();
      }
      const cancelled = await running;
      rmSync(release, { force: true });
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

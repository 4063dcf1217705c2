/**
 * "Set Up GPU" on a machine without a GPU (the test machines): the bundled CLI's `gpu status`
 * runs in a child process, every provider's state is reported for the log, the notification says models run on
 * the CPU and why CUDA cannot, and the status bar item shows it.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GpuVerdict } from '../../../src/extension/gpu/gpuReport';
import { workbenchTexts } from './bridge';
import { EXTENSION_ID } from './helpers';

/** Defines the Set Up GPU tests (need the Playwright bridge). */
export function defineSetUpGpuTests(): void {
  suite('Set Up GPU', () => {
    suiteSetup(async () => {
      await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    });

    test('no GPU: the CPU runs, CUDA is explained in the log, a notification and the status bar', async () => {
      await vscode.commands.executeCommand('notifications.clearAll');
      const verdict = await vscode.commands.executeCommand<GpuVerdict | undefined>(
        'maskmedpaint.setUpGpu',
      );
      assert.equal(verdict?.provider, 'cpu', JSON.stringify(verdict));
      assert.match(verdict.message, /Models run on the CPU \(cuda: /);
      assert.ok(
        verdict.logLines.some((l) => /^gpu: cuda not usable: /.test(l)),
        verdict.logLines.join(' | '),
      );
      const toast = await workbenchTexts('.notification-toast', 'Models run on the CPU');
      assert.ok(toast.found, 'no notification');
      const item = await workbenchTexts('.statusbar-item', 'CPU');
      assert.ok(item.found, `no status bar item: ${item.texts.join(' | ')}`);
    });

    test('the maskmedpaint.webgpuLayout setting reaches the CLI it starts', async () => {
      const config = vscode.workspace.getConfiguration('maskmedpaint');
      const layoutLine = async (): Promise<string | undefined> => {
        const verdict = await vscode.commands.executeCommand<GpuVerdict | undefined>(
          'maskmedpaint.setUpGpu',
        );
        return verdict?.logLines.find((line) => line.startsWith('gpu: webgpu layout '));
      };
      try {
        await config.update('webgpuLayout', 'NCHW', vscode.ConfigurationTarget.Global);
        assert.equal(await layoutLine(), 'gpu: webgpu layout NCHW');
        await config.update('webgpuLayout', undefined, vscode.ConfigurationTarget.Global);
        assert.equal(await layoutLine(), 'gpu: webgpu layout NHWC');
      } finally {
        await config.update('webgpuLayout', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  });
}

/**
 * Activation has no side effects: activating writes nothing into the workspace, starts no
 * child process, and contributes the commands the product promises.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, listWorkspaceFiles } from './helpers';

/** Defines the activation tests. */
export function defineActivationTests(): void {
  suite('activation', () => {
    test('activates without writing files or starting processes, and registers every command', async () => {
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is not installed in the extension host`);
      const before = await listWorkspaceFiles();
      await extension.activate();
      assert.equal(extension.isActive, true);
      const after = await listWorkspaceFiles();
      assert.deepEqual(after, before, 'activation changed files in the workspace');

      const commands = await vscode.commands.getCommands(true);
      for (const id of [
        'maskmedpaint.inpaintToTargetDomain',
        'maskmedpaint.openGallery',
        'maskmedpaint.reviewAugmentations',
        'maskmedpaint.writeAugmentationConfig',
        'maskmedpaint.showLogs',
      ]) {
        assert.ok(commands.includes(id), `command ${id} is not registered`);
      }
    });
  });
}

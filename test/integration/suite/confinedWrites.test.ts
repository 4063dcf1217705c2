/**
 * Workspace writes never go through a symbolic link: a config file name that is a link to another
 * file is refused, and the file it leads to is unchanged (the log and the result would otherwise
 * name one file while another was written).
 */
import assert from 'node:assert/strict';
import { rm, symlink } from 'node:fs/promises';
import * as vscode from 'vscode';
import { inWorkspace, workspaceRoot } from './helpers';

/** Defines the test (needs the manifest of the inpaint tests). */
export function defineConfinedWriteTests(): void {
  suite('workspace writes and symbolic links', () => {
    test('Write Augmentation Config refuses a config path that is a symbolic link', async () => {
      const folder = inWorkspace('training-linked');
      const training = vscode.Uri.joinPath(folder, 'train.py');
      await vscode.workspace.fs.writeFile(training, new TextEncoder().encode('# training\n'));
      const secret = vscode.Uri.joinPath(workspaceRoot(), '..', 'outside', 'secret.png');
      const before = await vscode.workspace.fs.readFile(secret);
      await symlink(secret.fsPath, vscode.Uri.joinPath(folder, 'maskmedpaint.augment.json').fsPath);
      try {
        await assert.rejects(
          Promise.resolve(
            vscode.commands.executeCommand('maskmedpaint.writeAugmentationConfig', training, {
              manifest: inWorkspace('data', 'source-maskmedpaint', 'maskmedpaint.json'),
              approvedOnly: true,
              overwrite: 'always',
            }),
          ),
          /maskmedpaint\.augment\.json is a symbolic link; not writing through it/,
        );
        assert.deepEqual(await vscode.workspace.fs.readFile(secret), before);
      } finally {
        await rm(folder.fsPath, { recursive: true, force: true });
      }
    });
  });
}

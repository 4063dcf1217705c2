/**
 * Activation has no side effects: activating writes nothing into the workspace, starts no
 * child process, and contributes the commands the product promises.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, listWorkspaceFiles } from './helpers';

/**
 * Child process ids of the extension host (Linux /proc); undefined where /proc is unavailable,
 * in which case the file check alone runs.
 */
function childProcessIds(): string[] | undefined {
  const tasks = `/proc/${process.pid}/task`;
  if (!existsSync(tasks)) return undefined;
  return readdirSync(tasks)
    .flatMap((tid) => readFileSync(`${tasks}/${tid}/children`, 'utf8').split(' '))
    .filter((pid) => pid.trim() !== '')
    .sort();
}

/** Defines the activation tests. */
export function defineActivationTests(): void {
  suite('activation', () => {
    test('activates without writing files or starting processes, and registers every command', async () => {
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is not installed in the extension host`);
      assert.equal(extension.isActive, false, 'something activated the extension before the test');
      const before = await listWorkspaceFiles();
      const childrenBefore = childProcessIds();
      await extension.activate();
      assert.equal(extension.isActive, true);
      const after = await listWorkspaceFiles();
      assert.deepEqual(after, before, 'activation changed files in the workspace');
      if (childrenBefore) {
        // Processes of the host itself may end meanwhile; none may start.
        const started = (childProcessIds() ?? []).filter((pid) => !childrenBefore.includes(pid));
        assert.deepEqual(started, [], 'activation started a process');
      }

      const commands = await vscode.commands.getCommands(true);
      // Every command the manifest contributes, so a new one cannot be left unregistered.
      const contributed = (
        extension.packageJSON as { contributes: { commands: { command: string }[] } }
      ).contributes.commands.map((c) => c.command);
      assert.ok(contributed.includes('maskmedpaint.checkModelProvider'), 'manifest read');
      for (const id of contributed) {
        assert.ok(commands.includes(id), `command ${id} is not registered`);
      }
    });
  });
}

/**
 * Restricted mode (the folder is not trusted): no model runs, model paths and the Python
 * interpreter planted in the workspace's settings are ignored, the built-in composite engine
 * still works, and the review panel is read-only, even against a forged decision message.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DECISIONS_FILE_NAME, type Manifest } from '../../../src/shared/manifest';
import { postFromWebview, screenshot, waitInWebview } from './bridge';
import { EXTENSION_ID, fixtureManifest, inWorkspace, readJson } from './helpers';
import { fixtureOptions, runInpaint } from './inpaint.test';
import { nextProblem } from './problems';
import { SELECTORS } from './selectors';

/** Defines the untrusted-workspace tests (run in their own code-server session). */
export function defineUntrustedTests(): void {
  suite('untrusted workspace', () => {
    test('the extension activates in restricted mode', async () => {
      assert.equal(
        vscode.workspace.isTrusted,
        false,
        'the runner should have opened the folder untrusted',
      );
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension);
      await extension.activate();
      assert.ok(
        (await vscode.commands.getCommands(true)).includes('maskmedpaint.inpaintToTargetDomain'),
      );
    });

    test('model folders and the interpreter planted in workspace settings are not used', async () => {
      // The planted values are in the workspace's settings file (so this test can fail)...
      const planted = await readJson<Record<string, unknown>>(
        inWorkspace('.vscode', 'settings.json'),
      );
      assert.ok(Array.isArray(planted['maskmedpaint.modelFolders']));
      assert.equal(typeof planted['maskmedpaint.pythonPath'], 'string');
      // ...but do not take effect while the folder is untrusted.
      const config = vscode.workspace.getConfiguration('maskmedpaint');
      assert.deepEqual(config.get('modelFolders'), []);
      assert.equal(config.get('pythonPath'), '');
    });

    test('a model engine is refused', async () => {
      await assert.rejects(
        Promise.resolve(
          vscode.commands.executeCommand(
            'maskmedpaint.inpaintToTargetDomain',
            vscode.Uri.joinPath(fixtureManifest(), '..', '..', 'source'),
            fixtureOptions({ engine: 'diffusion', model: '/models/sd15' }),
          ),
        ),
        /untrusted workspace/,
      );
    });

    test('the composite engine (no model) still runs', async () => {
      const result = await runInpaint({ perImage: 1 });
      assert.equal(result.exitCode, 0);
      assert.equal((await readJson<Manifest>(fixtureManifest())).items.length, 6);
    });

    test('the review panel is read-only and refuses a forged decision', async () => {
      const [first] = (await readJson<Manifest>(fixtureManifest())).items;
      assert.ok(first);
      await vscode.commands.executeCommand(
        'maskmedpaint.reviewAugmentations',
        fixtureManifest(),
        first.id,
      );
      const readOnly = await waitInWebview(SELECTORS.reviewReadOnly);
      assert.ok(readOnly.found, 'no read-only notice in the review panel');
      await screenshot('review-panel-untrusted');
      const refused = nextProblem(
        (line) => line.includes('refused') && line.includes('not trusted'),
      );
      await postFromWebview(SELECTORS.reviewReadOnly, {
        type: 'decide',
        itemId: first.id,
        decision: 'approved',
      });
      await refused;
      const after = await readJson<Manifest>(fixtureManifest());
      assert.ok(
        after.items.every((item) => item.status === 'pending'),
        'a decision was written',
      );
      const journal = vscode.Uri.joinPath(fixtureManifest(), '..', DECISIONS_FILE_NAME);
      await assert.rejects(
        Promise.resolve(vscode.workspace.fs.stat(journal)),
        'a decision was recorded in the journal',
      );
    });
  });
}

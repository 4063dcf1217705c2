/**
 * "Check Model on GPU Provider" through the real quick input: the tiny fixture model offered by
 * the maskmedpaint.modelFolders setting, WebGPU picked, the bundled CLI run as a child process.
 * The test machines have no GPU, so the check must end in "not available on this machine" with
 * the reason, as a notification and in the log.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckOutcome } from '../../../src/extension/models/checkModelReport';
import { quickInput, workbenchTexts } from './bridge';
import { EXTENSION_ID } from './helpers';
import { nextProblem } from './problems';

const COMMAND = 'maskmedpaint.checkModelProvider';

/** The fixture model folder in the repository the runner started from. */
function fixtureModel(): string {
  const repo = process.env.MMP_IT_REPO;
  if (!repo)
    throw new Error('MMP_IT_REPO is not set: run the suite through test/integration/run.mjs');
  return path.join(repo, 'test', 'fixtures', 'sd-tiny', 'optimum-9ch');
}

/** Defines the model check tests (need the Playwright bridge). */
export function defineCheckModelTests(): void {
  suite('Check Model on GPU Provider', () => {
    const config = () => vscode.workspace.getConfiguration('maskmedpaint');

    suiteSetup(async () => {
      // The log is watched through the extension's API: activate it when this suite runs alone.
      await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
      await config().update('modelFolders', [fixtureModel()], vscode.ConfigurationTarget.Workspace);
    });
    suiteTeardown(() =>
      config().update('modelFolders', undefined, vscode.ConfigurationTarget.Workspace),
    );

    test('WebGPU without a GPU: "not available on this machine" with the reason, and a log line', async () => {
      await vscode.commands.executeCommand('notifications.clearAll');
      const logged = nextProblem(
        (line) => /webgpu is not available on this machine/.test(line),
        60_000,
      );
      const running = Promise.resolve(
        vscode.commands.executeCommand<CheckOutcome | undefined>(COMMAND),
      );
      const models = await quickInput('Check Model on GPU Provider: Model', {
        fill: 'optimum-9ch',
        key: 'Enter',
      });
      assert.ok(
        models.rows.some((row) => row.includes('optimum-9ch')),
        `the model folder setting is not offered: ${models.rows.join(' | ')}`,
      );
      const providers = await quickInput('Check Model on GPU Provider: Provider');
      for (const provider of ['cuda', 'dml', 'coreml', 'webgpu'])
        assert.ok(
          providers.rows.some((row) => row.startsWith(provider)),
          `${provider} is not offered: ${providers.rows.join(' | ')}`,
        );
      assert.equal(providers.rows.filter((row) => row.includes('default')).length, 1);
      await quickInput('Check Model on GPU Provider: Provider', { fill: 'webgpu', key: 'Enter' });

      const outcome = await running;
      assert.equal(outcome?.kind, 'unavailable', JSON.stringify(outcome));
      assert.equal(outcome.provider, 'webgpu');
      assert.ok(outcome.reason.length > 0, 'no reason given');
      const line = await logged;
      assert.ok(line.includes(outcome.reason), line);
      const toast = await workbenchTexts('.notification-toast', 'is not available on this machine');
      assert.ok(toast.found, 'no notification');
      assert.ok(
        toast.texts.some((text) => text.includes('webgpu is not available on this machine')),
        toast.texts.join(' | '),
      );
    });
  });
}

/** Restricted mode: the check runs no model, whatever the arguments (untrusted session). */
export function defineCheckModelUntrustedTests(): void {
  suite('Check Model on GPU Provider, untrusted', () => {
    test('is refused without running anything', async () => {
      await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
      const refused = nextProblem((line) => /models check refused: .*not trusted/.test(line));
      const outcome = await Promise.resolve(
        vscode.commands.executeCommand<CheckOutcome | undefined>(COMMAND, fixtureModel(), 'webgpu'),
      );
      assert.equal(outcome, undefined);
      await refused;
    });
  });
}

/**
 * The "Inpaint to Target Domain" wizard through the real quick input, as a user answers it
 * after right-clicking the source folder: typed folder paths, preset, engine, counts, "Try on 4
 * images"; the output follows the maskmedpaint.outputLocation setting; the answers are
 * remembered for the next run.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InpaintRunResult } from '../../../src/extension/inpaint/inpaintCommand';
import type { Manifest } from '../../../src/shared/manifest';
import { quickInput } from './bridge';
import { inWorkspace, readJson } from './helpers';

const COMMAND = 'maskmedpaint.inpaintToTargetDomain';

/** Defines the wizard tests (need the Playwright bridge). */
export function defineWizardTests(): void {
  suite('Inpaint wizard', () => {
    const config = () => vscode.workspace.getConfiguration('maskmedpaint');

    suiteSetup(() =>
      config().update(
        'outputLocation',
        '${sourceFolder}-wizard',
        vscode.ConfigurationTarget.Workspace,
      ),
    );
    suiteTeardown(() =>
      config().update('outputLocation', undefined, vscode.ConfigurationTarget.Workspace),
    );

    test('answers step by step run a 4-image preview where the setting says', async () => {
      const running = Promise.resolve(
        vscode.commands.executeCommand<InpaintRunResult | undefined>(
          COMMAND,
          inWorkspace('data', 'source'),
        ),
      );
      await quickInput('(1/7)', { fill: 'data/target', key: 'Enter' });
      await quickInput('(2/7)', { fill: 'Masks folder', key: 'Enter' });
      await quickInput('(2/7): masks folder', { fill: 'data/masks', key: 'Enter' });
      await quickInput('(3/7)', { fill: 'Custom', key: 'Enter' });
      await quickInput('(4/7)', { fill: 'Composite', key: 'Enter' });
      await quickInput('(5/7)', { fill: '1', key: 'Enter' });
      await quickInput('(6/7)', { fill: '11', key: 'Enter' });
      await quickInput('(7/7)', { fill: 'Try on', key: 'Enter' });
      const result = await running;
      assert.ok(result, 'the wizard was dismissed');
      assert.equal(result.exitCode, 0);
      assert.equal(result.output, inWorkspace('data', 'source-wizard-preview').fsPath);
      const manifest = await readJson<Manifest>(vscode.Uri.file(result.manifest));
      assert.equal(manifest.recipe.seed, 11);
      assert.equal(manifest.recipe.perImage, 1);
      assert.equal(manifest.items.length, 4);
      assert.ok(
        manifest.items.every((item) => item.mask !== null),
        'masks were not used',
      );
    });

    test('the next run offers the last answers first; Escape cancels without running', async () => {
      const running = Promise.resolve(
        vscode.commands.executeCommand<InpaintRunResult | undefined>(
          COMMAND,
          inWorkspace('data', 'source'),
        ),
      );
      const { rows } = await quickInput('(1/7)');
      assert.match(rows[0] ?? '', /data\/target.*last used/);
      await quickInput('(1/7)', { key: 'Escape' });
      assert.equal(await running, undefined);
    });
  });
}

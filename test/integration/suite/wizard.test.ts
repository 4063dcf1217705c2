/**
 * The "Inpaint to Target Domain" wizard through the real quick input, as a user answers it
 * after right-clicking the source folder: typed folder paths, preset, engine, counts, "Try on 4
 * images"; the output follows the maskmedpaint.outputLocation setting; the answers are
 * remembered for the next run. The dermoscopy preset asks for the target images' own masks.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InpaintRunResult } from '../../../src/extension/inpaint/inpaintCommand';
import type { Manifest } from '../../../src/shared/manifest';
import { clickWorkbench, quickInput } from './bridge';
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
      // The first run suggests the folders beside the source and claims no "last used".
      const first = await quickInput('(1/7)');
      assert.match(first.rows[0] ?? '', /data\/target.*next to the source folder/);
      assert.ok(!first.rows.some((row) => row.includes('last used')), first.rows.join(' | '));
      await quickInput('(1/7)', { fill: 'data/target', key: 'Enter' });
      const masks = await quickInput('(2/7)');
      assert.match(masks.rows[0] ?? '', /data\/masks.*next to the source folder/);
      await quickInput('(2/7)', { fill: 'Masks folder', key: 'Enter' });
      await quickInput('(2/7): masks folder', { fill: 'data/masks', key: 'Enter' });
      const presets = await quickInput('(3/7)');
      assert.ok(!presets.rows.some((row) => row.includes('last used')), presets.rows.join(' | '));
      await quickInput('(3/7)', { fill: 'Custom', key: 'Enter' });
      // Back from the engine step returns to the preset step.
      await quickInput('(4/7)');
      await clickWorkbench('.quick-input-widget .quick-input-left-action-bar .action-label', '');
      await quickInput('(3/7)', { fill: 'Custom', key: 'Enter' });
      await quickInput('(4/7)', { fill: 'Composite', key: 'Enter' });
      await quickInput('(5/7)', { fill: '1', key: 'Enter' });
      await quickInput('(6/7)', { fill: '11', key: 'Enter' });
      // The last step lists every answer in full.
      const summary = await quickInput('(7/7)');
      for (const line of [
        'Target images: data/target',
        'Key-region masks: data/masks',
        'Preset: ',
        'Engine: composite',
        'Images per source: 1',
        'Seed: 11',
      ])
        assert.ok(
          summary.rows.some((row) => row.includes(line)),
          `${line} missing: ${summary.rows.join(' | ')}`,
        );
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
      // "Try on 4 images" takes images of both classes.
      assert.deepEqual(
        new Set(manifest.items.map((item) => item.label)),
        new Set(['benign', 'malignant']),
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

    test('the dermoscopy preset asks for the target masks, offers the folder beside the target and the CLI uses it', async () => {
      // The fixture's target images have no lesion masks; discs copied from the source masks
      // stand in, named like the target images, in the sibling folder the wizard looks for.
      const targetMasks = inWorkspace('data', 'target-masks');
      for (let i = 0; i < 3; i += 1) {
        await vscode.workspace.fs.copy(
          inWorkspace('data', 'masks', 'benign', `benign_${i}.png`),
          vscode.Uri.joinPath(targetMasks, `hospital_b_${i}.png`),
        );
      }
      try {
        const running = Promise.resolve(
          vscode.commands.executeCommand<InpaintRunResult | undefined>(
            COMMAND,
            inWorkspace('data', 'source'),
          ),
        );
        await quickInput('(1/7)', { fill: 'data/target', key: 'Enter' });
        await quickInput('(2/7)', { fill: 'Masks folder', key: 'Enter' });
        await quickInput('(2/7): masks folder', { fill: 'data/masks', key: 'Enter' });
        await quickInput('(3/7)', { fill: 'Dermoscopy', key: 'Enter' });
        const { rows } = await quickInput('(3/7): target masks');
        assert.match(
          rows[0] ?? '',
          /data\/target-masks.*next to the target folder.*3 of 3 target images have a mask/,
        );
        assert.ok(
          rows.some((row) => row.includes('Run without filling the target lesions')),
          rows.join(' | '),
        );
        await quickInput('(3/7): target masks', { key: 'Enter' });
        await quickInput('(4/7)', { fill: 'Composite', key: 'Enter' });
        await quickInput('(5/7)', { fill: '1', key: 'Enter' });
        await quickInput('(6/7)', { fill: '0', key: 'Enter' });
        await quickInput('(7/7)', { fill: 'Run on the whole folder', key: 'Enter' });
        const result = await running;
        assert.ok(result, 'the wizard was dismissed');
        assert.equal(result.exitCode, 0);
        assert.equal(result.output, inWorkspace('data', 'source-wizard').fsPath);
        const manifest = await readJson<Manifest>(vscode.Uri.file(result.manifest));
        assert.equal(manifest.recipe.preset, 'dermoscopy');
        assert.equal(manifest.recipe.composite.fillTargetKeyRegion, true);
        assert.equal(
          path.resolve(result.output, manifest.inputs.targetMasks ?? ''),
          targetMasks.fsPath,
          'the CLI did not receive the target masks',
        );
        assert.equal(manifest.items.length, 6);
        assert.ok(
          manifest.items.every((item) => item.targetMask !== null),
          'items were composited without their target mask',
        );
      } finally {
        await vscode.workspace.fs.delete(targetMasks, { recursive: true });
      }
    });
  });
}

/**
 * "Write Augmentation Config" beside the fixture training script: the config points at the
 * manifest by a relative path, is deterministic JSON, and an existing file is never replaced
 * without consent.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WriteConfigResult } from '../../../src/extension/config/writeAugmentationConfig';
import { inWorkspace, readJson } from './helpers';
import { nextProblem } from './problems';

const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortedCopy((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** Defines the config writer tests (needs the manifest of the inpaint tests). */
export function defineConfigWriterTests(): void {
  suite('Write Augmentation Config', () => {
    const training = () => inWorkspace('training', 'train_classifier.py');
    const manifest = () => inWorkspace('data', 'source-maskmedpaint', 'maskmedpaint.json');

    test('writes the config and loader snippet beside the training script', async () => {
      // Nothing is reviewed yet and the run requires review: the loaders would give nothing.
      const warned = nextProblem((line) =>
        /config: .*no generated image is usable for training: 12 of 12 await review/.test(line),
      );
      const result = await vscode.commands.executeCommand<WriteConfigResult>(
        'maskmedpaint.writeAugmentationConfig',
        training(),
        { manifest: manifest(), requireReview: true, overwrite: 'never' },
      );
      assert.equal(result.config.outcome, 'created');
      assert.equal(result.snippet.outcome, 'created');
      const configUri = inWorkspace('training', 'maskmedpaint.augment.json');
      const text = decode(await vscode.workspace.fs.readFile(configUri));
      const config = JSON.parse(text) as {
        manifest: string;
        requireReview: boolean;
        counts: { items: number; usable: number; pending: number };
      };
      assert.equal(config.manifest, '../data/source-maskmedpaint/maskmedpaint.json');
      assert.equal(
        vscode.Uri.joinPath(configUri, '..', config.manifest).fsPath,
        manifest().fsPath,
        'the relative path does not lead to the manifest',
      );
      assert.equal(config.requireReview, true);
      assert.equal(
        config.counts.items,
        (await readJson<{ items: unknown[] }>(manifest())).items.length,
      );
      assert.deepEqual([config.counts.usable, config.counts.pending], [0, 12]);
      assert.match(await warned, /Review Augmentations/);
      assert.equal(
        text,
        `${JSON.stringify(sortedCopy(config), null, 2)}\n`,
        'not deterministic JSON',
      );
      const snippet = decode(
        await vscode.workspace.fs.readFile(
          inWorkspace('training', 'maskmedpaint_augment_snippet.py'),
        ),
      );
      assert.match(snippet, /maskmedpaint\.augment\.json/);
      assert.match(snippet, /require_review=REQUIRE_REVIEW/);
    });

    test('keeps an existing config the user edited', async () => {
      const configUri = inWorkspace('training', 'maskmedpaint.augment.json');
      const edited = new TextEncoder().encode('{ "edited": true }\n');
      await vscode.workspace.fs.writeFile(configUri, edited);
      const result = await vscode.commands.executeCommand<WriteConfigResult>(
        'maskmedpaint.writeAugmentationConfig',
        training(),
        // The older option name still works for scripted calls.
        { manifest: manifest(), approvedOnly: false, overwrite: 'never' },
      );
      assert.equal(result.config.outcome, 'kept');
      assert.equal(decode(await vscode.workspace.fs.readFile(configUri)), decode(edited));
    });
  });
}

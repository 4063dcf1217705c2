/**
 * The explorer command end to end with the built-in composite engine: the command runs the CLI
 * in a child process and the outputs and manifest land on disk; a preview run is limited to four
 * source images; the source folder is never modified.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Manifest } from '../../../src/shared/manifest';
import type { InpaintRunResult } from '../../../src/extension/inpaint/inpaintCommand';
import { hashTree, inWorkspace, readJson } from './helpers';

/** Options the tests pass instead of answering the wizard. */
export function fixtureOptions(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    target: inWorkspace('data', 'target').fsPath,
    masks: { kind: 'folder', folder: inWorkspace('data', 'masks').fsPath },
    preset: 'custom',
    engine: 'composite',
    perImage: 2,
    seed: 3,
    ...extra,
  };
}

/** Runs the command like the explorer does (folder URI), with options instead of quick picks. */
export async function runInpaint(extra: Record<string, unknown> = {}): Promise<InpaintRunResult> {
  const result = await vscode.commands.executeCommand<InpaintRunResult | undefined>(
    'maskmedpaint.inpaintToTargetDomain',
    inWorkspace('data', 'source'),
    fixtureOptions(extra),
  );
  assert.ok(result, 'the command returned no result');
  return result;
}

/** Defines the end-to-end inpainting tests. */
export function defineInpaintTests(): void {
  suite('Inpaint to Target Domain', () => {
    test('augments the fixture folder: outputs, hashes and manifest on disk; sources untouched', async () => {
      const sourceBefore = await hashTree(inWorkspace('data', 'source'));
      const result = await runInpaint();
      assert.equal(result.exitCode, 0, `CLI exit code ${String(result.exitCode)}`);
      assert.equal(result.output, inWorkspace('data', 'source-maskmedpaint').fsPath);
      assert.ok(result.finished, 'no finished event');
      assert.equal(result.finished.failed, 0);
      assert.equal(result.finished.done, 6 * 2);

      const manifest = await readJson<Manifest>(vscode.Uri.file(result.manifest));
      assert.equal(manifest.items.length, 12);
      // The maskmedpaint.requireReview setting (default on) is passed to every run.
      assert.equal(manifest.requireReview, true);
      assert.equal(manifest.recipe.engine, 'composite');
      assert.equal(manifest.recipe.seed, 3);
      assert.deepEqual(
        new Set(manifest.items.map((item) => item.label)),
        new Set(['benign', 'malignant']),
      );
      for (const item of manifest.items) {
        assert.equal(item.status, 'pending');
        assert.ok(item.output && item.sha256, `item ${item.id} has no output`);
        const bytes = await vscode.workspace.fs.readFile(
          vscode.Uri.file(path.join(path.dirname(result.manifest), item.output)),
        );
        assert.equal(
          createHash('sha256').update(bytes).digest('hex'),
          item.sha256,
          `hash of ${item.output}`,
        );
      }
      assert.deepEqual(
        await hashTree(inWorkspace('data', 'source')),
        sourceBefore,
        'a source image changed',
      );
    });

    test('"Try on 4 images" writes a separate preview folder with four sources only', async () => {
      const result = await runInpaint({ mode: 'preview', perImage: 1 });
      assert.equal(result.exitCode, 0);
      assert.equal(result.output, inWorkspace('data', 'source-maskmedpaint-preview').fsPath);
      const manifest = await readJson<Manifest>(vscode.Uri.file(result.manifest));
      assert.equal(new Set(manifest.items.map((item) => item.source)).size, 4);
      assert.equal(manifest.items.length, 4);
    });

    test('a second run resumes: every item is already done', async () => {
      const result = await runInpaint();
      assert.equal(result.exitCode, 0);
      assert.equal(result.finished?.skipped, 12);
      assert.equal(result.finished?.done, 0);
    });

    test('bad options are refused with a specific message', async () => {
      await assert.rejects(
        Promise.resolve(
          vscode.commands.executeCommand(
            'maskmedpaint.inpaintToTargetDomain',
            inWorkspace('data', 'source'),
            fixtureOptions({ perImage: 0 }),
          ),
        ),
        /"perImage" must be an integer >= 1/,
      );
    });
  });
}

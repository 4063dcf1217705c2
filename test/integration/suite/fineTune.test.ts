/**
 * "Fine-tune Model on Target Domain" end to end, started on the target folder (as from the
 * explorer) and answered through the real wizard (folder dialogs, quick picks, input boxes):
 * the project's Python venv runs both training stages and the ONNX export on a tiny Stable
 * Diffusion built from configs, with one step at 64 px. The user sees the stage in a progress
 * notification, the result in a notification and the log channel; the checkpoints and the
 * exported model folder land on disk and the folder is registered. A second run into the same
 * folder asks before touching the runs there.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { quickInput, screenshot, workbenchTexts } from './bridge';
import { hashTree, inWorkspace, readJson } from './helpers';
import { nextProblem } from './problems';

const COMMAND = 'maskmedpaint.fineTuneModel';

/** The venv `bash scripts/setup-python.sh` creates (npm test's Python tier runs before this one). */
function projectPython(): string {
  const repo = process.env.MMP_IT_REPO;
  if (!repo)
    throw new Error('MMP_IT_REPO is not set: run the suite through test/integration/run.mjs');
  const python =
    process.platform === 'win32'
      ? path.join(repo, '.venv', 'Scripts', 'python.exe')
      : path.join(repo, '.venv', 'bin', 'python');
  if (!existsSync(python)) {
    throw new Error(
      `the fine-tune test needs the project's Python venv (${python}) with the toolkit and PyTorch: ` +
        'run `bash scripts/setup-python.sh` (npm test creates it in the Python tier, before this one)',
    );
  }
  return python;
}

/**
 * Builds the tiny SD base model (python/tests/tiny_sd.py, the one the Python tests train) and
 * six unlabeled target images: stage 2 wants at least five, the workspace fixture has three.
 */
function writeTinyModelAndTarget(python: string, base: string, target: string): Promise<void> {
  const tests = path.join(process.env.MMP_IT_REPO ?? '', 'python', 'tests');
  const script = [
    'import sys',
    'from pathlib import Path',
    'from tiny_sd import build_tiny_sd, write_images',
    'build_tiny_sd(Path(sys.argv[1]))',
    'write_images(Path(sys.argv[2]), 6, seed=3, tint=(150, 105, 85))',
  ].join('\n');
  return new Promise((resolve, reject) => {
    execFile(
      python,
      ['-c', script, base, target],
      { env: { ...process.env, PYTHONPATH: tests } },
      (error, _stdout, stderr) =>
        error ? reject(new Error(`building the tiny model failed: ${stderr}`)) : resolve(),
    );
  });
}

/** Waits for a row of the open quick input's list that contains `text`. */
async function waitForRow(title: string, text: string): Promise<void> {
  const row = await workbenchTexts('.quick-input-widget .monaco-list-row', text);
  assert.ok(row.found, `the "${title}" dialog never listed "${text}"`);
}

/**
 * Answers a folder dialog. code-server shows VS Code's simple dialog: a quick input whose value is
 * a folder path, listing its subfolders below "..". Enter accepts the folder listed; pressed
 * while a typed path is still being looked up it only moves there. So: wait for the listing,
 * type the path if the folder is not the default, wait until its subfolder `child` is listed,
 * then press Enter.
 */
async function acceptFolder(
  title: string,
  moveTo?: { folder: string; child: string },
): Promise<void> {
  try {
    await quickInput(title);
    await waitForRow(title, '..');
    if (moveTo) {
      await quickInput(title, { fill: `${moveTo.folder}/` });
      await waitForRow(title, moveTo.child);
    }
    await quickInput(title, { key: 'Enter' });
  } catch (error) {
    await screenshot(`fine-tune-dialog-${title.split(' ')[0]}`, true);
    throw error;
  }
}

/** Defines the fine-tune test (needs the Playwright bridge and the project's Python venv). */
export function defineFineTuneTests(): void {
  suite('Fine-tune Model on Target Domain', () => {
    const config = () => vscode.workspace.getConfiguration('maskmedpaint');
    // The run's output folder, the output dialog's default (the target's parent folder).
    const run = inWorkspace('fine-tune').fsPath;
    const base = path.join(run, 'tiny-sd');
    const target = path.join(run, 'target');
    let modelFoldersBefore: string[] | undefined;

    suiteSetup(async function () {
      this.timeout(60_000);
      const python = projectPython();
      await writeTinyModelAndTarget(python, base, target);
      modelFoldersBefore = config().inspect<string[]>('modelFolders')?.globalValue;
      await config().update('pythonPath', python, vscode.ConfigurationTarget.Workspace);
    });

    suiteTeardown(async () => {
      await config().update('pythonPath', undefined, vscode.ConfigurationTarget.Workspace);
      await config().update('modelFolders', modelFoldersBefore, vscode.ConfigurationTarget.Global);
    });

    /**
     * The user's answers after choosing the command on the target folder: two stages, the tiny
     * base model, 1 step at 64 px, into the folder above the target (the dialog's default).
     */
    const answerWizard = async (): Promise<void> => {
      await acceptFolder('Target-domain images');
      await quickInput('Fine-tuning stages', { fill: 'Two stages', key: 'Enter' });
      await acceptFolder('Labeled source images', {
        folder: inWorkspace('data', 'source').fsPath,
        child: 'malignant',
      });
      await quickInput('Base Stable Diffusion model', { fill: base, key: 'Enter' });
      await quickInput('Captions and prompts', { fill: 'dermoscopy', key: 'Enter' });
      await quickInput('Training steps per stage', { fill: '1', key: 'Enter' });
      await quickInput('Training resolution', { fill: '64', key: 'Enter' });
      await acceptFolder('Folder for checkpoints');
    };

    test('two stages and the export run from the wizard; the model folder is written and registered', async () => {
      await vscode.commands.executeCommand('notifications.clearAll');
      const running = Promise.resolve(
        vscode.commands.executeCommand<string | undefined>(COMMAND, vscode.Uri.file(target)),
      );
      await answerWizard();

      const progress = await workbenchTexts('.notification-toast', 'Stage 1: fine-tune on source');
      if (!progress.found) await screenshot('fine-tune-no-progress', true);
      assert.ok(progress.found, 'no progress notification for stage 1');
      const model = await running;
      assert.equal(model, path.join(run, 'onnx'), 'the command did not finish with the model');

      for (const stage of ['stage1', 'stage2']) {
        for (const file of [
          'checkpoints/checkpoint-000001/unet',
          'final/unet',
          'final/model_index.json',
        ]) {
          assert.ok(existsSync(path.join(run, stage, file)), `${stage}/${file} is missing`);
        }
      }
      for (const graph of ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder']) {
        assert.ok(existsSync(path.join(model, graph, 'model.onnx')), `${graph}/model.onnx missing`);
      }
      // The wizard's answers reached the toolkit: stage 2 continued from stage 1 at 64 px, 1 step.
      const stage2 = await readJson<Record<string, unknown>>(
        vscode.Uri.file(path.join(run, 'stage2', 'maskmedpaint_training.json')),
      );
      assert.deepEqual(
        [stage2.base_model, stage2.images, stage2.resolution, stage2.max_steps, stage2.preset],
        [path.join(run, 'stage1', 'final'), target, 64, 1, 'dermoscopy'],
      );
      const exported = await readJson<{ verification: Record<string, { ok: boolean }> }>(
        vscode.Uri.file(path.join(model, 'maskmedpaint_model.json')),
      );
      assert.deepEqual(
        Object.entries(exported.verification)
          .filter(([, result]) => result.ok)
          .map(([component]) => component)
          .sort(),
        ['text_encoder', 'unet', 'vae_decoder', 'vae_encoder'],
        'not every exported graph matched its PyTorch module',
      );
      assert.deepEqual(
        config()
          .inspect<string[]>('modelFolders')
          ?.globalValue?.filter((f) => f === model),
        [model],
        'the exported folder was not registered as a model folder',
      );

      await vscode.commands.executeCommand('notifications.showList');
      const ready = await workbenchTexts('.notifications-center', 'the fine-tuned model is ready');
      await vscode.commands.executeCommand('notifications.hideList');
      assert.ok(ready.found, 'no "model is ready" notification');
      await vscode.commands.executeCommand('maskmedpaint.showLogs');
      const log = await workbenchTexts('.part.panel .view-lines', 'exported model registered');
      assert.ok(log.found, 'the log channel does not show the registration');
    });

    test('a second run into the same folder asks before touching the runs there', async () => {
      const before = await hashTree(vscode.Uri.file(run));
      assert.ok(
        Object.keys(before).some((file) => file.startsWith('stage2/checkpoints/')),
        'the previous test left no stage 2 checkpoint to protect',
      );
      // The question is a modal dialog, which VS Code refuses to show while extension tests run:
      // the refusal (logged with the question's text) ends the command the way Cancel would.
      const asked = nextProblem((line) => line.includes('already holds training runs'), 60_000);
      const running = Promise.resolve(
        vscode.commands.executeCommand<string | undefined>(COMMAND, vscode.Uri.file(target)),
      );
      await answerWizard();
      assert.match(await asked, /\(stage1, stage2\)/);
      assert.equal(await running, undefined, 'the command went on without an answer');
      assert.deepEqual(await hashTree(vscode.Uri.file(run)), before, 'the run folder changed');
    });
  });
}

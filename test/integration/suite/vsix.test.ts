/**
 * The packaged extension: installed into code-server from the VSIX (`code-server
 * --install-extension`), it activates from its install folder, carries only this platform's
 * native binaries, loads onnxruntime-node and sharp from them, and runs the command end to end.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GpuVerdict } from '../../../src/extension/gpu/gpuReport';
import type { Manifest } from '../../../src/shared/manifest';
import { EXTENSION_ID, readJson } from './helpers';
import { runInpaint } from './inpaint.test';

function installed(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  return extension;
}

/** Runs `code` in a child Node with the extension host's runtime; returns its stdout. */
function nodeEval(code: string): string {
  const result = spawnSync(process.execPath, ['-e', code], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, `child node failed: ${result.stderr}`);
  return result.stdout.trim();
}

/** Defines the installed-VSIX tests. */
export function defineVsixTests(): void {
  suite('installed VSIX', () => {
    test('the extension comes from the extensions folder, not the repository', async () => {
      const extension = installed();
      const repo = process.env.MMP_IT_REPO;
      assert.ok(repo, 'MMP_IT_REPO is not set by the runner');
      assert.equal(
        path.relative(repo, extension.extensionPath).startsWith('..'),
        true,
        extension.extensionPath,
      );
      await extension.activate();
      const commands = await vscode.commands.getCommands(true);
      assert.ok(commands.includes('maskmedpaint.inpaintToTargetDomain'));
    });

    test("it carries only this platform's native binaries, and they load", () => {
      const root = installed().extensionPath;
      const ortBin = path.join(root, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6');
      assert.deepEqual(readdirSync(ortBin), [process.platform]);
      assert.deepEqual(readdirSync(path.join(ortBin, process.platform)), [process.arch]);
      const sharpPackages = readdirSync(path.join(root, 'node_modules', '@img')).filter((name) =>
        name.startsWith('sharp-'),
      );
      assert.deepEqual(
        sharpPackages.sort(),
        [
          `sharp-${process.platform}-${process.arch}`,
          `sharp-libvips-${process.platform}-${process.arch}`,
        ].sort(),
      );
      const ort = JSON.stringify(path.join(root, 'node_modules', 'onnxruntime-node'));
      assert.equal(
        nodeEval(`const ort = require(${ort}); console.log(typeof ort.InferenceSession.create)`),
        'function',
      );
      // The Python toolkit ships for "Fine-tune Model on Target Domain" (pip-installed from here).
      assert.ok(
        existsSync(path.join(root, 'python', 'pyproject.toml')),
        'no Python toolkit in the VSIX',
      );
      assert.ok(!existsSync(path.join(root, 'dist', 'test')), 'test bundles in the VSIX');
      const sharp = JSON.stringify(path.join(root, 'node_modules', 'sharp'));
      assert.equal(
        nodeEval(`const sharp = require(${sharp}); console.log(typeof sharp.versions.vips)`),
        'string',
      );
    });

    test('runs "Inpaint to Target Domain" from the installed extension', async () => {
      const result = await runInpaint({ perImage: 1 });
      assert.equal(result.exitCode, 0);
      const manifest = await readJson<Manifest>(vscode.Uri.file(result.manifest));
      assert.equal(manifest.items.length, 6);
      assert.ok(manifest.items.every((item) => item.output !== null && item.status === 'pending'));
    });

    test('"Set Up GPU" tries every provider from the install folder (its trial entry ships)', async () => {
      const verdict = await vscode.commands.executeCommand<GpuVerdict | undefined>(
        'maskmedpaint.setUpGpu',
      );
      assert.ok(verdict, 'no verdict');
      assert.ok(verdict.logLines.includes('gpu: cpu usable'), verdict.logLines.join(' | '));
      assert.ok(
        !verdict.logLines.some((line) => /exit code|could not start the trial/.test(line)),
        verdict.logLines.join(' | '),
      );
    });
  });
}

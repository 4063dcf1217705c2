/**
 * "Merge Cluster Run" in a real workbench: a plan of the fixture folder written and its two shards
 * run with the CLI the extension bundles (as a cluster would), then the command merges them and
 * opens the merged run in the gallery.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { Manifest } from '../../../src/shared/manifest';
import { waitInWebview } from './bridge';
import { EXTENSION_ID, inWorkspace, readJson } from './helpers';
import { SELECTORS } from './selectors';

const run = promisify(execFile);

/** Plans the fixture folder in two shards and runs both; returns the plan file. */
async function planAndRunShards(): Promise<vscode.Uri> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, 'extension not found');
  const cli = path.join(extension.extensionPath, 'dist', 'cli.js');
  const out = inWorkspace('cluster-run').fsPath;
  await run(process.execPath, [
    cli,
    'plan',
    ...['--source', inWorkspace('data', 'source').fsPath],
    ...['--masks', inWorkspace('data', 'masks').fsPath],
    ...['--target', inWorkspace('data', 'target').fsPath],
    ...['--out', out, '--per-image', '2', '--shards', '2'],
  ]);
  const plan = path.join(`${out}-plan`, 'maskmedpaint-plan.json');
  for (const shard of ['0', '1'])
    await run(process.execPath, [cli, 'augment', '--plan', plan, '--shard', shard]);
  return vscode.Uri.file(plan);
}

/** Defines the cluster merge test. */
export function defineClusterTests(): void {
  suite('cluster runs', () => {
    test('Merge Cluster Run merges a finished plan and opens the merged run in the gallery', async () => {
      const plan = await planAndRunShards();
      const manifestPath = await vscode.commands.executeCommand<string | undefined>(
        'maskmedpaint.mergeClusterRun',
        plan,
      );
      assert.equal(manifestPath, inWorkspace('cluster-run', 'maskmedpaint.json').fsPath);
      const manifest = await readJson<Manifest>(vscode.Uri.file(manifestPath));
      assert.equal(manifest.items.length, 12);
      assert.ok(manifest.items.every((item) => item.status === 'pending' && item.output !== null));
      // The gallery's title names the run folder it shows; the count says every item is there.
      const title = await waitInWebview('.title:has-text("cluster-run/maskmedpaint.json")');
      assert.ok(title.found, 'the gallery does not show the merged run');
      const seen = await waitInWebview(`${SELECTORS.galleryCount}:has-text("12 of 12")`);
      assert.ok(seen.found, 'the merged run is not shown in the gallery');
    });
  });
}

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { makeDataset, type TestDataset } from '../../unit/jobs/helpers/makeDataset';
import { buildCli, cliBundle, removeCli } from '../helpers/cliHarness';

let root: string;
let dataset: TestDataset;

before(async () => {
  await buildCli();
  root = mkdtempSync(path.join(tmpdir(), 'mmp-cli-epipe-'));
  dataset = await makeDataset(root, { perClass: 1, maskSuffix: '_segmentation' });
});
after(() => {
  removeCli();
  rmSync(root, { recursive: true, force: true });
});

test('augment --json whose stdout reader goes away (| head -1) stops cleanly, no stack trace', async () => {
  const out = path.join(root, 'out');
  const child = spawn(
    process.execPath,
    [
      cliBundle,
      'augment',
      ...['--source', dataset.source, '--target', dataset.target, '--out', out],
      ...['--masks', dataset.masks, '--mask-suffix', '_segmentation', '--per-image', '3', '--json'],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Close our end before the CLI writes anything: every stdout write it makes then fails (EPIPE),
  // as after `head -1` exits, without depending on how fast either side runs.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

  assert.doesNotMatch(stderr, /EPIPE|Error:|\n\s+at /, 'no unhandled error or stack trace');
  assert.equal(code, 130, `stopped like a cancel (resumable)\n${stderr}`);
  assert.match(stderr, /stdout closed/);
  const manifest = JSON.parse(readFileSync(path.join(out, 'maskmedpaint.json'), 'utf8')) as {
    items: Array<{ status: string }>;
  };
  // 2 sources x 3: the run stopped early, with a manifest to resume from.
  assert.ok(manifest.items.length < 6, `stopped early, not after all 6 items`);
  const leftovers = readdirSync(out, { recursive: true }).filter((f) => /\.tmp/.test(String(f)));
  assert.deepEqual(leftovers, [], 'no temporary files left behind');
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { JobEvent } from '../../../src/shared/jobEvents';
import type { Manifest } from '../../../src/shared/manifest';
import { makeDataset, writeMaskPng } from '../../unit/jobs/helpers/makeDataset';
import { buildCli, removeCli, runCliProcess } from '../helpers/cliHarness';

before(buildCli);
after(removeCli);

test('`rerun` regenerates one item with an edited mask (exit 0); an unknown item is exit 2', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mmp-cli-rerun-'));
  const dataset = await makeDataset(root, { perClass: 1 });
  const out = path.join(root, 'out');
  const augment = await runCliProcess([
    'augment',
    '--source',
    dataset.source,
    '--target',
    dataset.target,
    '--masks',
    dataset.masks,
    '--out',
    out,
    '--per-image',
    '1',
  ]);
  assert.equal(augment.code, 0, augment.stderr);
  const manifestPath = path.join(out, 'maskmedpaint.json');
  const edited = path.join(root, 'edited.png');
  await writeMaskPng(edited, 16); // a different disc, resized to the image
  // Started together, they take turns in the run folder (--wait) instead of refusing each other.
  const [ok, unknown] = await Promise.all([
    runCliProcess([
      'rerun',
      manifestPath,
      'benign/img_0__0',
      '--mask',
      edited,
      '--wait',
      '60',
      '--json',
    ]),
    runCliProcess(['rerun', manifestPath, 'nope', '--mask', edited, '--wait', '60']),
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  const events = ok.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as JobEvent);
  assert.deepEqual(
    events.filter((e) => e.type !== 'itemProgress').map((e) => e.type),
    ['planned', 'itemStarted', 'itemDone', 'finished'],
  );
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  // A mask from outside the run's folders is copied in, so the manifest names only its own files.
  assert.equal(
    manifest.items.find((item) => item.id === 'benign/img_0__0')?.mask,
    'edited-masks/benign_img_0__0.png',
  );
  assert.deepEqual(
    readFileSync(path.join(out, 'edited-masks', 'benign_img_0__0.png')),
    readFileSync(edited),
  );
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no item "nope"/);
});

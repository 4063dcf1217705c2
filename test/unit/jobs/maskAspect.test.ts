import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { formatReport } from '../../../src/cli/commands/inspect';
import { inspectDataset } from '../../../src/core/dataset/inspectDataset';
import { readManifest } from '../../../src/core/jobs/manifestStore';
import { discMask, makeDataset } from './helpers/makeDataset';
import { planFor, runPlan } from './helpers/runHelpers';
import { freshTempDirs } from '../helpers/tempDir';

const fresh = freshTempDirs('aspect');

/** Replaces a 32x32 mask by a 64x32 one (the same disc, stretched twice as wide). */
async function writeWideMask(file: string): Promise<void> {
  await sharp(discMask(32), { raw: { width: 32, height: 32, channels: 1 } })
    .resize(64, 32, { fit: 'fill', kernel: 'nearest' })
    .png()
    .toFile(file);
}

test('a mask of another aspect ratio is stretched, recorded on its items and reported by inspect', async () => {
  const root = fresh();
  const dataset = await makeDataset(root, { perClass: 1 });
  await writeWideMask(path.join(dataset.masks, 'benign', 'img_0.png'));
  // A mask of the same shape at twice the resolution is no mismatch.
  await sharp(discMask(64), { raw: { width: 64, height: 64, channels: 1 } })
    .png()
    .toFile(path.join(dataset.masks, 'malignant', 'img_0.png'));
  const { summary } = await runPlan(await planFor(dataset, path.join(root, 'out')));
  assert.equal(summary.failed, 0, 'flagged, not failed');
  // readManifest validates against schema/manifest.schema.json.
  const manifest = await readManifest(path.join(root, 'out', 'maskmedpaint.json'));
  for (const item of manifest.items) {
    if (item.label === 'benign') {
      assert.deepEqual(item.maskAspectMismatch, {
        maskWidth: 64,
        maskHeight: 32,
        imageWidth: 32,
        imageHeight: 32,
      });
    } else {
      assert.equal(item.maskAspectMismatch, undefined);
    }
  }
  const report = await inspectDataset(dataset.source, { masksDir: dataset.masks });
  assert.deepEqual(report.stretchedMasks, [
    {
      path: 'benign/img_0.png',
      mismatch: { maskWidth: 64, maskHeight: 32, imageWidth: 32, imageHeight: 32 },
    },
  ]);
  assert.match(
    formatReport(report),
    /\nMasks of another aspect ratio than their image \(stretched to fit: check them\) \(1\):\n {2}benign\/img_0\.png: a 64x32 mask stretched to a 32x32 image \(different aspect ratio\)\n/,
  );
});

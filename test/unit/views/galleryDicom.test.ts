import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadManifestItems, loadPredictionRows } from '../../../src/extension/views/galleryContent';
import { THUMBNAIL_FOLDER } from '../../../src/extension/views/thumbnailCache';
import { freshTempDirs } from '../helpers/tempDir';
import { dicomDataset } from '../jobs/helpers/dicomDataset';
import { planFor, runPlan, testRecipe } from '../jobs/helpers/runHelpers';
import { pydicomFile } from '../image/dicom/fixtures';

const fresh = freshTempDirs('gallery-dicom');
type Uri = Parameters<typeof loadManifestItems>[0];
const uri = (fsPath: string): Uri => ({ fsPath }) as Uri;

test('gallery items of a DICOM run point at host thumbnails; PNG masks stay as they are', async () => {
  const root = fresh();
  const out = path.join(root, 'out');
  await runPlan(await planFor(await dicomDataset(root), out, testRecipe({ perImage: 1 })));
  const refusals: string[] = [];
  const items = await loadManifestItems(
    uri(path.join(out, 'maskmedpaint.json')),
    (p) => p,
    (m) => refusals.push(m),
  );
  assert.deepEqual(refusals, []);
  assert.equal(items.length, 2);
  const thumbs = path.join(out, THUMBNAIL_FOLDER);
  // Generated images' URIs carry the item's hash as a query (a re-run's image is fetched anew).
  const file = (uri: string | null): string => (uri ?? '').replace(/\?v=[0-9a-f]+$/, '');
  for (const item of items) {
    assert.equal(path.dirname(item.sourceUri), thumbs, 'DICOM source rendered');
    assert.equal(path.dirname(file(item.outputUri)), thumbs, '16-bit output rendered');
    const mask = file(item.maskUri);
    assert.ok(mask.endsWith('.png') && path.dirname(mask) !== thumbs);
  }
});

test('prediction rows show DICOM images through thumbnails beside the CSV', async () => {
  const root = fresh();
  copyFileSync(pydicomFile('MR_small.dcm'), path.join(root, 'a.dcm'));
  writeFileSync(path.join(root, 'b.png'), Buffer.alloc(0));
  const csv = path.join(root, 'predictions.csv');
  writeFileSync(csv, 'path,label,prediction\na.dcm,x,y\nb.png,x,x\n');
  const rows = await loadPredictionRows(uri(csv), (p) => p, [root]);
  assert.equal(path.dirname(rows[0]?.imageUri ?? ''), path.join(root, THUMBNAIL_FOLDER));
  assert.equal(rows[1]?.imageUri, path.join(root, 'b.png'));
});

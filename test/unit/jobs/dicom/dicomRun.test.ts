/**
 * A job over real DICOM files (pydicom's MR and CT test images): 16-bit PNG and Secondary Capture
 * outputs keep the stored samples of the key region, carry no identifying value of the sources,
 * and a resumed run rewrites a lost output byte for byte (same derived UIDs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { readDicomFile, readDicomImage } from '../../../../src/core/image/dicom/readDicom';
import { textOf } from '../../../../src/core/image/dicom/dicomFile';
import { readImage } from '../../../../src/core/image/io';
import { readManifest } from '../../../../src/core/jobs/manifestStore';
import { freshTempDirs } from '../../helpers/tempDir';
import { dicomDataset } from '../helpers/dicomDataset';
import { planFor, runPlan, testRecipe } from '../helpers/runHelpers';

const fresh = freshTempDirs('dicom-run');

/** Identifying values of the input files (names, IDs, UIDs, dates) that outputs must not carry. */
async function identifyingValues(files: string[]): Promise<string[]> {
  const values = new Set<string>();
  for (const file of files) {
    const { dataset } = await readDicomFile(file);
    for (const keyword of [
      'PatientID',
      'StudyInstanceUID',
      'SeriesInstanceUID',
      'SOPInstanceUID',
      'StudyDate',
      'InstitutionName',
    ]) {
      const value = textOf(dataset, keyword);
      if (value && value.length >= 4) values.add(value);
    }
    const name = dataset.PatientName;
    const alphabetic = Array.isArray(name)
      ? (name[0] as { Alphabetic?: string } | undefined)?.Alphabetic
      : undefined;
    if (alphabetic) values.add(alphabetic);
  }
  return [...values];
}

test('DICOM sources give 16-bit PNG outputs whose key region holds the source samples', async () => {
  const root = fresh();
  const dataset = await dicomDataset(root);
  const out = path.join(root, 'out');
  const { summary } = await runPlan(
    await planFor(dataset, out, testRecipe({ perImage: 1, mask: { featherPx: 0 } })),
  );
  assert.equal(summary.failed, 0, JSON.stringify(summary.failures));
  const manifest = await readManifest(path.join(out, 'maskmedpaint.json'));
  const ct = manifest.items.find((item) => item.id === 'ct__0');
  const info = ct?.dicom;
  const outputRel = ct?.output;
  assert.ok(info && outputRel?.endsWith('.png'));
  const output = await readImage(path.join(out, outputRel ?? ''));
  const source = await readDicomImage(path.join(dataset.source, 'b/ct.dcm'));
  assert.equal(output.bitDepth, 16);
  // The mask's centre pixel is in the key region: the same stored sample, and via the manifest's
  // rescale the same Hounsfield units (pydicom: -1024 + stored).
  const centre = 64 * 128 + 64;
  assert.equal(output.data[centre], source.image.data[centre]);
  assert.equal(
    info.rescaleSlope * (output.data[centre] ?? 0) + info.rescaleIntercept,
    (source.image.data[centre] ?? 0) - 32768 - 1024,
  );
  assert.equal(info.modality, 'CT');
});

test('Secondary Capture outputs: de-identified header, derived UIDs, resume rewrites the same bytes', async () => {
  const root = fresh();
  const dataset = await dicomDataset(root);
  const out = path.join(root, 'out');
  const recipe = testRecipe({ perImage: 2, outputFormat: 'dicom' });
  const first = await runPlan(await planFor(dataset, out, recipe));
  assert.equal(first.summary.failed, 0, JSON.stringify(first.summary.failures));
  const manifest = await readManifest(path.join(out, 'maskmedpaint.json'));
  const outputs = manifest.items.map((item) => path.join(out, item.output ?? ''));
  const forbidden = await identifyingValues([
    path.join(dataset.source, 'a/mr.dcm'),
    path.join(dataset.source, 'b/ct.dcm'),
    path.join(dataset.target, 't1.dcm'),
  ]);
  assert.ok(forbidden.length >= 6, `found ${forbidden.join(', ')}`);
  for (const file of [
    ...outputs,
    path.join(out, 'maskmedpaint.json'),
    path.join(out, 'augmented.csv'),
  ]) {
    const text = readFileSync(file).toString('latin1');
    for (const value of forbidden) assert.ok(!text.includes(value), `${file} contains ${value}`);
  }
  const [a0, a1] = await Promise.all(outputs.slice(0, 2).map((file) => readDicomFile(file)));
  assert.ok(a0 && a1);
  assert.equal(textOf(a0.dataset, 'PatientIdentityRemoved'), 'YES');
  assert.equal(textOf(a0.dataset, 'SOPClassUID'), '1.2.840.10008.5.1.4.1.1.7');
  assert.deepEqual(a0.dataset.ImageType, ['DERIVED', 'SECONDARY']);
  assert.equal(
    textOf(a0.dataset, 'StudyInstanceUID'),
    textOf(a1.dataset, 'StudyInstanceUID'),
    'one study per source study',
  );
  assert.notEqual(textOf(a0.dataset, 'SOPInstanceUID'), textOf(a1.dataset, 'SOPInstanceUID'));
  assert.match(textOf(a0.dataset, 'SOPInstanceUID') ?? '', /^2\.25\.\d+$/);

  const lost = outputs[1] ?? '';
  const before = readFileSync(lost);
  rmSync(lost);
  const resumed = await runPlan(await planFor(dataset, out, recipe));
  assert.equal(resumed.summary.done, 1);
  assert.ok(
    readFileSync(lost).equals(before),
    'the regenerated Secondary Capture is byte-identical',
  );
});

/**
 * A job over real DICOM files (pydicom's MR and CT test images): 16-bit PNG and Secondary Capture
 * outputs keep the stored samples of the key region, carry no identifying value of the sources,
 * and a resumed run rewrites a lost output byte for byte (same derived UIDs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { readDicomFile, readDicomImage } from '../../../../src/core/image/dicom/readDicom';
import { textOf } from '../../../../src/core/image/dicom/dicomFile';
import { readImage } from '../../../../src/core/image/io';
import { readManifest } from '../../../../src/core/jobs/manifestStore';
import { freshTempDirs } from '../../helpers/tempDir';
import { pydicomFile } from '../../image/dicom/fixtures';
import type { TestDataset } from '../helpers/makeDataset';
import { planFor, runPlan, testRecipe } from '../helpers/runHelpers';

const fresh = freshTempDirs('dicom-run');

/** MR (signed 16-bit, window) and CT (rescaled) sources, PNG masks, DICOM targets. */
async function dicomDataset(root: string): Promise<TestDataset> {
  const dirs = ['source/a', 'source/b', 'masks/a', 'masks/b', 'target'].map((d) =>
    path.join(root, d),
  );
  for (const dir of dirs) mkdirSync(dir, { recursive: true });
  copyFileSync(pydicomFile('MR_small_RLE.dcm'), path.join(root, 'source/a/mr.dcm'));
  copyFileSync(pydicomFile('CT_small.dcm'), path.join(root, 'source/b/ct.dcm'));
  copyFileSync(pydicomFile('MR_small_implicit.dcm'), path.join(root, 'target/t1.dcm'));
  const disk = async (size: number, file: string): Promise<void> => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="100%" height="100%" fill="black"/><circle cx="${size / 2}" cy="${size / 2}" r="${size / 4}" fill="white"/></svg>`;
    await sharp(Buffer.from(svg)).greyscale().png().toFile(file);
  };
  await disk(64, path.join(root, 'masks/a/mr.png'));
  await disk(128, path.join(root, 'masks/b/ct.png'));
  return {
    source: path.join(root, 'source'),
    masks: path.join(root, 'masks'),
    target: path.join(root, 'target'),
  } as TestDataset;
}

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

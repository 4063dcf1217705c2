import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { sourceKeys } from '../../../src/core/jobs/itemIds';
import { planJob, sampleAcrossLabels } from '../../../src/core/jobs/planJob';
import { JobConfigError } from '../../../src/core/jobs/types';
import type { SourceScan, TargetScan } from '../../../src/core/dataset/types';
import { testRecipe } from './helpers/runHelpers';

const root = mkdtempSync(path.join(tmpdir(), 'mmp-plan-'));

function sourceScan(relPaths: string[], layout: SourceScan['layout'] = 'imageFolder'): SourceScan {
  return {
    root: path.join(root, 'src'),
    layout,
    images: relPaths.map((relPath) => ({
      path: path.join(root, 'src', relPath),
      relPath,
      label: layout === 'imageFolder' ? (relPath.split('/')[0] ?? '') : 'x',
      mask: path.join(root, 'masks', relPath),
    })),
    labels: [],
    masksDir: path.join(root, 'masks'),
    maskCsv: null,
    labelsCsv: null,
    maskCount: relPaths.length,
    skippedNonImages: [],
    unlabeled: [],
    imagesWithoutMask: [],
    unmatchedMasks: [],
    suggestedMaskSuffix: null,
    problems: [],
  };
}

function targetScan(count: number): TargetScan {
  return {
    root: path.join(root, 'target'),
    images: Array.from({ length: count }, (_, i) => ({
      path: path.join(root, 'target', `t${i}.png`),
      relPath: `t${i}.png`,
      mask: null,
    })),
    masksDir: null,
    skippedNonImages: [],
    unmatchedMasks: [],
  };
}

/** The seed definition documented in docs/manifest.md, computed independently here. */
function documentedSeed(seed: number, relPath: string, k: number): number {
  return createHash('sha256')
    .update(`maskmedpaint-seed-v1\n${seed}\n${relPath}\n${k}`)
    .digest()
    .readUInt32BE(0);
}

test('item seeds follow the documented derivation and targets are picked by them', async () => {
  const plan = await planJob({
    source: sourceScan(['a/one.png']),
    targets: targetScan(1000),
    recipe: testRecipe({ perImage: 3, seed: 17 }),
    outDir: path.join(root, 'out'),
  });
  assert.deepEqual(
    plan.items.map((item) => item.seed),
    [0, 1, 2].map((k) => documentedSeed(17, 'a/one.png', k)),
  );
  assert.equal(
    plan.items[0]?.targetPath,
    path.join(root, 'target', `t${documentedSeed(17, 'a/one.png', 0) % 1000}.png`),
  );
});

test("a source's k augmentations use k different targets when there are enough", async () => {
  const plan = await planJob({
    source: sourceScan(['a/1.png', 'a/2.png', 'b/3.png', 'b/4.png', 'b/5.png']),
    targets: targetScan(5),
    recipe: testRecipe({ perImage: 5 }),
    outDir: path.join(root, 'out'),
  });
  for (let s = 0; s < 5; s++) {
    const targets = plan.items.slice(s * 5, s * 5 + 5).map((item) => item.targetPath);
    assert.equal(new Set(targets).size, 5, `source ${s}: ${targets.join(', ')}`);
  }
});

test('output layout, unique ids, same stem with another extension, subfolders, limit', async () => {
  const plan = await planJob({
    source: sourceScan(['a/x.png', 'a/x.tif', 'a/deep/x.png', 'b/y.png']),
    targets: targetScan(2),
    recipe: testRecipe({ perImage: 1 }),
    outDir: path.join(root, 'out'),
  });
  assert.deepEqual(
    plan.items.map((item) => [item.id, item.outputRel]),
    [
      // x repeats: qualified by its path (with the extension where a/x repeats too).
      ['a/x.png__0', 'images/a/x__k0.png'],
      ['a/x.tif__0', 'images/a/x_tif__k0.png'],
      ['a/deep/x__0', 'images/a/deep/x__k0.png'],
      ['y__0', 'images/b/y__k0.png'],
    ],
  );
  const limited = await planJob({
    source: sourceScan(['a/x.png', 'a/x.tif', 'b/y.png']),
    targets: targetScan(2),
    recipe: testRecipe({ perImage: 2 }),
    outDir: path.join(root, 'out'),
    limit: 1,
  });
  assert.deepEqual(
    limited.items.map((item) => item.outputRel),
    ['images/a/x__k0.png', 'images/a/x__k1.png'],
  );
  assert.equal(limited.inputs.counts.sources, 1);
});

test('the same file name in two class folders: readable ids, independent of --limit', async () => {
  const relPaths = [
    'benign/lesion_0000.png',
    'benign/lesion_0001.png',
    'malignant/lesion_0000.png',
  ];
  const plan = await planJob({
    source: sourceScan(relPaths),
    targets: targetScan(2),
    recipe: testRecipe({ perImage: 2 }),
    outDir: path.join(root, 'out'),
  });
  assert.deepEqual(
    plan.items.map((item) => item.id),
    [
      'benign/lesion_0000__0',
      'benign/lesion_0000__1',
      'lesion_0001__0',
      'lesion_0001__1',
      'malignant/lesion_0000__0',
      'malignant/lesion_0000__1',
    ],
  );
  const limited = await planJob({
    source: sourceScan(relPaths),
    targets: targetScan(2),
    recipe: testRecipe({ perImage: 1 }),
    outDir: path.join(root, 'out'),
    limit: 1,
  });
  assert.deepEqual(
    limited.items.map((item) => item.id),
    ['benign/lesion_0000__0'],
    'the id a full run gives',
  );
});

test('--limit samples across the classes in turn, in path order', async () => {
  const relPaths = ['a/1.png', 'a/2.png', 'a/3.png', 'a/4.png', 'b/1.png', 'b/2.png', 'c/1.png'];
  const limited = await planJob({
    source: sourceScan(relPaths),
    targets: targetScan(2),
    recipe: testRecipe({ perImage: 1 }),
    outDir: path.join(root, 'out'),
    limit: 4,
  });
  // One of each class first (a, b, c), then the second of the first classes (a): not a/1..a/4.
  assert.deepEqual(
    limited.items.map((item) => item.sourceKey),
    ['a/1.png', 'a/2.png', 'b/1.png', 'c/1.png'],
  );
  assert.deepEqual(
    sampleAcrossLabels([{ label: 'x' }, { label: 'x' }], 5).length,
    2,
    'never more than there are',
  );
});

test('source keys stay unique when a stem equals another file name', () => {
  const keys = sourceKeys(['x.png', 'x.tif', 'x.png.jpg', 'z/q.png']);
  assert.deepEqual(Object.fromEntries(keys), {
    'x.png': 'x.png',
    'x.png.jpg': 'x.png.jpg',
    'x.tif': 'x.tif',
    'z/q.png': 'q',
  });
});

test('labels from a CSV become safe folder names; "source" output format keeps the family', async () => {
  const plan = await planJob({
    source: sourceScan(['p/q.jpeg'], 'labelsCsv'),
    targets: targetScan(1),
    recipe: testRecipe({ perImage: 1, outputFormat: 'source' }),
    outDir: path.join(root, 'out'),
  });
  assert.equal(plan.items[0]?.outputRel, 'images/x/p/q__k0.jpg');
  assert.equal(plan.items[0]?.outputFormat, 'jpeg');
});

test('an output folder inside (or containing) an input folder is refused', async () => {
  const source = sourceScan(['a/x.png']);
  for (const outDir of [
    path.join(root, 'src'),
    path.join(root, 'src', 'out'),
    path.join(root, 'masks', 'o'),
    root,
  ]) {
    await assert.rejects(
      planJob({ source, targets: targetScan(1), recipe: testRecipe(), outDir }),
      (error: unknown) => error instanceof JobConfigError && /inside/.test(error.message),
      outDir,
    );
  }
});

test('no target images is a configuration error', async () => {
  await assert.rejects(
    planJob({
      source: sourceScan(['a/x.png']),
      targets: targetScan(0),
      recipe: testRecipe(),
      outDir: path.join(root, 'o'),
    }),
    /holds no images/,
  );
});

test('labels that map to the same folder name (ignoring case) never share an output file', async () => {
  const source = sourceScan(['x.png', 'y/x.png', 'z/x.png'], 'labelsCsv');
  source.images.forEach((image, i) => {
    image.label = ['a/b', 'a_b', 'A:b'][i]!;
    image.relPath = 'x.png';
  });
  const plan = await planJob({
    source,
    targets: targetScan(1),
    recipe: testRecipe({ perImage: 1 }),
    outDir: path.join(root, 'out'),
  });
  const outputs = plan.items.map((item) => item.outputRel);
  assert.deepEqual(outputs, [
    'images/a_b/x__k0.png',
    'images/a_b/x_png__k0.png',
    'images/A_b/x_png_2__k0.png',
  ]);
});

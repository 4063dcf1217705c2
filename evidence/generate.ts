/**
 * Generates the evidence experiment's dataset with the demo's shortcut generator
 * (src/core/demo/shortcutDataset.ts) and writes `metadata.csv` (path, split, label, artifact)
 * for the classifier: source_train, source_test, target_pool (labels hidden from the augmentation,
 * used only by the labeled-target reference arm) and target_test.
 *
 * Usage: node --import tsx evidence/generate.ts --out DIR [--per-class N] [--test-per-class N]
 *        [--pool N] [--size PX] [--shortcut 0.95] [--seed N] [--lesion-shift]
 * --lesion-shift: the target hospital also renders lesions differently (lighter, redder, fainter
 * blotches, its lighting on the lesion), so no background augmentation can close the gap alone.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { generateShortcutDataset, readGroundTruth } from '../src/core/demo/shortcutDataset';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    'per-class': { type: 'string', default: '200' },
    'test-per-class': { type: 'string', default: '150' },
    pool: { type: 'string', default: '100' },
    size: { type: 'string', default: '64' },
    shortcut: { type: 'string', default: '0.95' },
    seed: { type: 'string', default: '7' },
    'lesion-shift': { type: 'boolean', default: false },
  },
});
if (!values.out) throw new Error('--out is required');
const root = path.resolve(values.out);
const size = Number(values.size);
const shortcutFraction = Number(values.shortcut);
const seed = Number(values.seed);

async function main(): Promise<void> {
  // The training set and its target pool/test set come from one run; the held-out source test set
  // from a second run with another seed (same source-domain distribution, different images).
  const trainRun = await generateShortcutDataset({
    outDir: root,
    width: size,
    height: size,
    sourcePerClass: Number(values['per-class']),
    targetCount: Number(values.pool),
    targetTestPerClass: Number(values['test-per-class']),
    shortcutFraction,
    seed,
    lesionShift: values['lesion-shift'],
  });
  const heldOut = await generateShortcutDataset({
    outDir: path.join(root, 'source-test'),
    width: size,
    height: size,
    sourcePerClass: Math.ceil(Number(values['test-per-class']) / 2),
    targetCount: 0,
    shortcutFraction,
    seed: seed + 1000,
  });

  const rows: string[] = ['path,split,label,artifact'];
  const splitOf = (relative: string): string | null => {
    if (relative.startsWith('source-test/source/')) return 'source_test';
    if (relative.startsWith('source/')) return 'source_train';
    if (relative.startsWith('target/')) return 'target_pool';
    if (relative.startsWith('target-test/')) return 'target_test';
    return null;
  };
  for (const [dataset, prefix] of [
    [trainRun, ''],
    [heldOut, 'source-test/'],
  ] as const) {
    for (const truth of await readGroundTruth(dataset.root)) {
      const relative = prefix + truth.path;
      const split = splitOf(relative);
      if (split) rows.push(`${relative},${split},${truth.label},${truth.ruler ? 1 : 0}`);
    }
  }
  const header = rows.shift()!;
  rows.sort();
  await fs.writeFile(path.join(root, 'metadata.csv'), [header, ...rows].join('\n') + '\n');
  console.log(`evidence dataset: ${rows.length} images in ${root}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

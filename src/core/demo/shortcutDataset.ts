/**
 * A synthetic dermoscopy-like dataset with a spurious shortcut, for the demo and for experiments:
 * - source hospital: malignant lesions carry a ruler-like marking, benign ones do not (with
 *   probability `shortcutFraction`; the rest the other way round);
 * - target hospital: different skin tone, illumination and vignetting, and its rulers sit beside
 *   benign lesions (the shortcut reversed), so a classifier that learned "ruler = malignant" fails;
 * - lesion masks for both (file names with the ISIC-style `_segmentation` suffix), unlabeled
 *   target images, and optionally a labelled target test set.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { sharp } from '../image/sharpLibrary';
import { writeFileAtomic } from '../util/atomicWrite';
import { formatCsv, parseCsv } from '../util/csv';
import { compareCodeUnits, toPosix } from '../util/posixPath';
import { deriveSeed } from '../util/hash';
import { stableStringify } from '../util/stableJson';
import {
  blankCanvas,
  paintLesion,
  paintRuler,
  paintSkin,
  randomLesion,
  toBytes,
  type DomainStyle,
} from './paint';
import { SeededRandom } from './random';

/** Options of {@link generateShortcutDataset}; every field has a default. */
export interface ShortcutDatasetOptions {
  /** Folder to create (it must be empty or missing). */
  outDir: string;
  width?: number;
  height?: number;
  /** Labelled source images per class. */
  sourcePerClass?: number;
  /** Unlabeled target-domain images. */
  targetCount?: number;
  /** Labelled target test images per class (0 = no test set). */
  targetTestPerClass?: number;
  /** Probability that an image follows its domain's shortcut (1 = a perfect shortcut). */
  shortcutFraction?: number;
  /**
   * The target hospital also renders lesions differently (lighter and redder, fainter blotches,
   * its lighting on the lesion too), so a classifier must cope with a lesion shift that no
   * background augmentation removes (the evidence experiment's harder task). Default false.
   */
  lesionShift?: boolean;
  seed?: number;
}

/** Where the generated dataset lies (absolute paths) and what it holds. */
export interface ShortcutDataset {
  root: string;
  sourceDir: string;
  masksDir: string;
  maskSuffix: string;
  targetDir: string;
  targetMasksDir: string;
  targetTestDir: string | null;
  targetTestMasksDir: string | null;
  labels: readonly ['benign', 'malignant'];
  counts: { source: number; target: number; targetTest: number };
}

export const SHORTCUT_LABELS = ['benign', 'malignant'] as const;

/** File (in the dataset root) with every image's true class and whether it shows a ruler. */
export const GROUND_TRUTH_FILE = 'ground-truth.csv';

/** The truth about one generated image, including the hidden class of unlabeled target images. */
export interface GroundTruthRow {
  /** Image path relative to the dataset root, e.g. `target/lesion_0003.png`. */
  path: string;
  label: (typeof SHORTCUT_LABELS)[number];
  /** True when the image carries the ruler-like marking (the shortcut artifact). */
  ruler: boolean;
}
const MASK_SUFFIX = '_segmentation';

const SOURCE_STYLE: DomainStyle = {
  skin: [226, 184, 164],
  illumination: 0.05,
  lightAngle: 0,
  vignette: 0.15,
  noise: 0.02,
};
const TARGET_STYLE: DomainStyle = {
  skin: [178, 126, 92],
  illumination: 0.45,
  lightAngle: 2.2,
  vignette: 0.5,
  noise: 0.035,
};
/** The target hospital with its own rendering of lesions (ShortcutDatasetOptions.lesionShift). */
const TARGET_STYLE_LESION_SHIFT: DomainStyle = {
  ...TARGET_STYLE,
  lesion: { gain: [1.12, 1.05, 1.02], blotchContrast: 0.7 },
};

async function writePng(
  filePath: string,
  data: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 3,
): Promise<void> {
  const png = await sharp(data, { raw: { width, height, channels } }).png().toBuffer();
  await writeFileAtomic(filePath, png);
}

interface DrawRequest {
  style: DomainStyle;
  malignant: boolean;
  ruler: boolean;
  seed: number;
  imagePath: string;
  maskPath: string;
}

async function drawOne(request: DrawRequest, width: number, height: number): Promise<void> {
  const random = new SeededRandom(request.seed);
  const canvas = blankCanvas(width, height);
  paintSkin(canvas, request.style, random);
  const lesion = randomLesion(width, height, request.malignant, random);
  const mask = paintLesion(canvas, lesion, random, request.style);
  if (request.ruler) paintRuler(canvas, lesion, random);
  await writePng(request.imagePath, toBytes(canvas), width, height, 3);
  await writePng(
    request.maskPath,
    mask.map((v) => v * 255),
    width,
    height,
    1,
  );
}

const fileName = (index: number): string => `lesion_${String(index).padStart(4, '0')}`;

/**
 * Writes the dataset. The same options always give byte-identical files.
 * @throws Error when `outDir` exists and is not empty (nothing is overwritten).
 */
export async function generateShortcutDataset(
  options: ShortcutDatasetOptions,
): Promise<ShortcutDataset> {
  const width = options.width ?? 128;
  const height = options.height ?? 128;
  const sourcePerClass = options.sourcePerClass ?? 10;
  const targetCount = options.targetCount ?? 12;
  const targetTestPerClass = options.targetTestPerClass ?? 0;
  const fraction = options.shortcutFraction ?? 1;
  const seed = options.seed ?? 0;
  const targetStyle = options.lesionShift === true ? TARGET_STYLE_LESION_SHIFT : TARGET_STYLE;
  const root = path.resolve(options.outDir);
  const existing = await fs.readdir(root).catch(() => []);
  if (existing.length > 0)
    throw new Error(`${root} is not empty; the demo dataset needs a new folder`);
  const dirs = {
    source: path.join(root, 'source'),
    masks: path.join(root, 'masks'),
    target: path.join(root, 'target'),
    targetMasks: path.join(root, 'target-masks'),
    targetTest: path.join(root, 'target-test'),
    targetTestMasks: path.join(root, 'target-test-masks'),
  };
  const requests: DrawRequest[] = [];
  // Source: ruler with malignant (probability `fraction`), else with benign.
  for (const label of SHORTCUT_LABELS) {
    for (let i = 0; i < sourcePerClass; i++) {
      const s = deriveSeed(seed, 'source', label, i);
      const malignant = label === 'malignant';
      const follows = new SeededRandom(s ^ 0x5bd1e995).chance(fraction);
      requests.push({
        style: SOURCE_STYLE,
        malignant,
        ruler: follows ? malignant : !malignant,
        seed: s,
        imagePath: path.join(dirs.source, label, `${fileName(i)}.png`),
        maskPath: path.join(dirs.masks, label, `${fileName(i)}${MASK_SUFFIX}.png`),
      });
    }
  }
  // Target (unlabeled and test): the shortcut reversed, rulers beside benign lesions.
  const targetRequest = (
    s: number,
    malignant: boolean,
    imagePath: string,
    maskPath: string,
  ): DrawRequest => {
    const follows = new SeededRandom(s ^ 0x5bd1e995).chance(fraction);
    return {
      style: targetStyle,
      malignant,
      ruler: follows ? !malignant : malignant,
      seed: s,
      imagePath,
      maskPath,
    };
  };
  for (let i = 0; i < targetCount; i++) {
    const s = deriveSeed(seed, 'target', i);
    const malignant = new SeededRandom(s).chance(0.5);
    requests.push(
      targetRequest(
        s,
        malignant,
        path.join(dirs.target, `${fileName(i)}.png`),
        path.join(dirs.targetMasks, `${fileName(i)}${MASK_SUFFIX}.png`),
      ),
    );
  }
  for (const label of targetTestPerClass > 0 ? SHORTCUT_LABELS : []) {
    for (let i = 0; i < targetTestPerClass; i++) {
      const s = deriveSeed(seed, 'targetTest', label, i);
      requests.push(
        targetRequest(
          s,
          label === 'malignant',
          path.join(dirs.targetTest, label, `${fileName(i)}.png`),
          path.join(dirs.targetTestMasks, label, `${fileName(i)}${MASK_SUFFIX}.png`),
        ),
      );
    }
  }
  for (const request of requests) await drawOne(request, width, height);
  const truth = requests
    .map((request) => ({
      path: toPosix(path.relative(root, request.imagePath)),
      label: request.malignant ? 'malignant' : 'benign',
      ruler: request.ruler,
    }))
    .sort((a, b) => compareCodeUnits(a.path, b.path));
  await writeFileAtomic(
    path.join(root, GROUND_TRUTH_FILE),
    formatCsv([
      ['path', 'label', 'ruler'],
      ...truth.map((t) => [t.path, t.label, t.ruler ? '1' : '0']),
    ]),
  );
  const dataset: ShortcutDataset = {
    root,
    sourceDir: dirs.source,
    masksDir: dirs.masks,
    maskSuffix: MASK_SUFFIX,
    targetDir: dirs.target,
    targetMasksDir: dirs.targetMasks,
    targetTestDir: targetTestPerClass > 0 ? dirs.targetTest : null,
    targetTestMasksDir: targetTestPerClass > 0 ? dirs.targetTestMasks : null,
    labels: SHORTCUT_LABELS,
    counts: { source: sourcePerClass * 2, target: targetCount, targetTest: targetTestPerClass * 2 },
  };
  const description = {
    generator: 'maskmedpaint generateShortcutDataset',
    options: {
      width,
      height,
      sourcePerClass,
      targetCount,
      targetTestPerClass,
      shortcutFraction: fraction,
      seed,
      ...(options.lesionShift === true ? { lesionShift: true } : {}),
    },
  };
  await writeFileAtomic(path.join(root, 'dataset.json'), stableStringify(description));
  return dataset;
}

/** Reads the ground truth written by {@link generateShortcutDataset} into `root`, sorted by path. */
export async function readGroundTruth(root: string): Promise<GroundTruthRow[]> {
  const rows = parseCsv(await fs.readFile(path.join(root, GROUND_TRUTH_FILE), 'utf8')).slice(1);
  return rows.map(([file, label, ruler]) => {
    if (file === undefined || (label !== 'benign' && label !== 'malignant')) {
      throw new Error(
        `${path.join(root, GROUND_TRUTH_FILE)}: unexpected row "${[file, label, ruler].join(',')}"`,
      );
    }
    return { path: file, label, ruler: ruler === '1' };
  });
}

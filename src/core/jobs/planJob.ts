/**
 * The planner: turns a scanned dataset and a recipe into a deterministic list of work items.
 */
import * as path from 'node:path';
import { MANIFEST_FILE_NAME } from '../../shared/manifest';
import type { Recipe } from '../../shared/recipe';
import type { SourceImage, SourceScan, TargetScan } from '../dataset/types';
import { deriveSeed } from '../util/hash';
import { relativePosix } from '../util/posixPath';
import { itemId, sourceKeys } from './itemIds';
import { assertOutputApart } from './outputOverlap';
import {
  JobConfigError,
  type JobPlan,
  type KeyRegionPolicy,
  type OutputFormat,
  type PlannedItem,
} from './types';

/** Inputs of {@link planJob}. */
export interface PlanJobOptions {
  source: SourceScan;
  targets: TargetScan;
  recipe: Recipe;
  outDir: string;
  /** Plan only N source images, taken across the classes in turn (sampleAcrossLabels): "try on a few images first". */
  limit?: number;
}

/** Output format per (lower-case) file extension. */
export const FORMAT_BY_EXTENSION: Readonly<Record<string, OutputFormat>> = {
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.tif': 'tiff',
  '.tiff': 'tiff',
  '.webp': 'webp',
  '.dcm': 'dicom',
  '.dicom': 'dicom',
  '.dic': 'dicom',
};

/** The output format of one source under the recipe's policy (see Recipe.outputFormat). */
export function outputFormatFor(
  policy: Recipe['outputFormat'],
  sourceExtension: string,
): OutputFormat {
  if (policy === 'dicom') return 'dicom';
  if (policy === 'source') return FORMAT_BY_EXTENSION[sourceExtension.toLowerCase()] ?? 'png';
  return 'png';
}

/** A label as a safe single folder name (labels can come from CSVs and contain anything). */
export function labelFolderName(label: string): string {
  const safe = label.replace(/[^A-Za-z0-9._ -]/g, '_').trim();
  return safe === '' || safe === '.' || safe === '..' ? '_' : safe;
}

function keyRegionOf(image: SourceImage, recipe: Recipe): KeyRegionPolicy {
  return recipe.mask.perClass[image.label] ?? 'mask';
}

/**
 * Picks the target exemplar of each k for one source. The item seed chooses (seed mod n); when it
 * hits a target already used for this source, the next unused one is taken, so a source's k
 * augmentations use k different backgrounds whenever there are enough targets (the dermoscopy
 * preset's "one per target background").
 */
function pickTargets(seeds: readonly number[], targetCount: number): number[] {
  const used = new Set<number>();
  return seeds.map((seed) => {
    let index = seed % targetCount;
    if (used.size < targetCount) while (used.has(index)) index = (index + 1) % targetCount;
    used.add(index);
    return index;
  });
}

/**
 * Plans a job. Output layout: `OUT/images/<label>/<subfolders>/<source stem>__k<k>.<ext>`; sources
 * that would share an output name (same stem, different extension) get the extension appended.
 * Asynchronous because the output folder is compared with every input by real location.
 * @throws JobConfigError when the output folder overlaps an input (symbolic links included) or
 * no target images exist.
 */
export async function planJob(options: PlanJobOptions): Promise<JobPlan> {
  const { source, targets, recipe } = options;
  const outDir = path.resolve(options.outDir);
  await assertOutputApart(outDir, {
    folders: {
      source: source.root,
      target: targets.root,
      masks: source.masksDir,
      'target masks': targets.masksDir,
    },
    files: { 'labels CSV': source.labelsCsv, 'mask CSV': source.maskCsv },
    // Masks named by a CSV may lie anywhere, not only below a masks folder.
    ...(source.maskCsv
      ? {
          namedFiles: {
            role: 'mask',
            paths: source.images.flatMap((image) => (image.mask ? [image.mask] : [])),
          },
        }
      : {}),
  });
  if (targets.images.length === 0) {
    throw new JobConfigError(`the target folder ${targets.root} holds no images`);
  }
  const sources =
    options.limit === undefined ? source.images : sampleAcrossLabels(source.images, options.limit);
  const items: PlannedItem[] = [];
  // From the whole scan, not just the first `limit` images: ids must not change with --limit.
  const keys = sourceKeys(source.images.map((image) => image.relPath));
  // Lower-cased: on macOS and Windows `Benign/a.png` and `benign/a.png` are the same file.
  const usedOutputs = new Set<string>();
  for (const image of sources) {
    const ext = path.posix.extname(image.relPath);
    const stem = path.posix.basename(image.relPath, ext);
    const withinLabel =
      source.layout === 'imageFolder'
        ? image.relPath.split('/').slice(1)
        : image.relPath.split('/');
    const subfolders = withinLabel.slice(0, -1);
    const format = outputFormatFor(recipe.outputFormat, ext);
    const outExt = format === 'jpeg' ? '.jpg' : format === 'dicom' ? '.dcm' : `.${format}`;
    const folder = ['images', labelFolderName(image.label), ...subfolders].join('/');
    // Same stem twice in one folder (a.png + a.tif, or labels that map to the same folder name):
    // append the extension, then a counter, until the name is free.
    let outStem = stem;
    const taken = (candidate: string): boolean =>
      usedOutputs.has(`${folder}/${candidate}__k0${outExt}`.toLowerCase());
    if (taken(outStem)) outStem = `${stem}_${ext.slice(1)}`;
    for (let n = 2; taken(outStem); n++) outStem = `${stem}_${ext.slice(1)}_${n}`;
    const seeds = Array.from({ length: recipe.perImage }, (_, k) =>
      deriveSeed(recipe.seed, image.relPath, k),
    );
    const picks = pickTargets(seeds, targets.images.length);
    const keyRegion = keyRegionOf(image, recipe);
    seeds.forEach((seed, k) => {
      const id = itemId(keys.get(image.relPath) ?? image.relPath, k);
      const outputRel = `${folder}/${outStem}__k${k}${outExt}`;
      usedOutputs.add(outputRel.toLowerCase());
      const target = targets.images[picks[k] ?? 0];
      items.push({
        id,
        k,
        seed,
        label: image.label,
        sourcePath: image.path,
        sourceKey: image.relPath,
        maskPath: keyRegion === 'mask' ? image.mask : null,
        keyRegion,
        targetPath: target?.path ?? null,
        targetMaskPath: target?.mask ?? null,
        outputPath: path.join(outDir, ...outputRel.split('/')),
        outputFormat: format,
        outputRel,
      });
    });
  }
  return {
    outDir,
    manifestPath: path.join(outDir, MANIFEST_FILE_NAME),
    recipe,
    targetName: path.basename(targets.root),
    inputs: {
      source: relativePosix(outDir, source.root),
      target: relativePosix(outDir, targets.root),
      masks: source.masksDir
        ? relativePosix(outDir, source.masksDir)
        : source.maskCsv
          ? relativePosix(outDir, source.maskCsv)
          : null,
      labels: source.labelsCsv ? relativePosix(outDir, source.labelsCsv) : null,
      // Recorded so the run's provenance is complete; each item's `targetMask` names the file used.
      targetMasks: targets.masksDir ? relativePosix(outDir, targets.masksDir) : null,
      counts: {
        sources: sources.length,
        targets: targets.images.length,
        masks: source.maskCount,
        skippedNonImages: source.skippedNonImages.length,
        sourcesWithoutMask: source.imagesWithoutMask.length,
        unmatchedMasks: source.unmatchedMasks.length,
      },
    },
    items,
  };
}

/**
 * `limit` images taken across the classes in turn (the first image of each class in path order,
 * then the second of each, ...), returned in path order: a 4-image preview of a two-class folder
 * shows both classes, not four images of the first.
 */
export function sampleAcrossLabels<T extends { label: string }>(
  images: readonly T[],
  limit: number,
): T[] {
  const byLabel = new Map<string, number[]>();
  images.forEach((image, index) => {
    const indices = byLabel.get(image.label);
    if (indices) indices.push(index);
    else byLabel.set(image.label, [index]);
  });
  const chosen: number[] = [];
  for (let round = 0; chosen.length < limit; round += 1) {
    let took = false;
    for (const indices of byLabel.values()) {
      const index = indices[round];
      if (index === undefined || chosen.length >= limit) continue;
      chosen.push(index);
      took = true;
    }
    if (!took) break;
  }
  return chosen.sort((a, b) => a - b).map((index) => images[index]);
}

/**
 * Scans a labelled source folder: ImageFolder layout (one subfolder per class) or a flat folder
 * with a labels CSV, and matches each image's key-region mask.
 */
import * as path from 'node:path';
import { compareCodeUnits } from '../util/posixPath';
import { readLabelsCsv } from './labelsCsv';
import { guessMaskSuffix, matchMasks } from './maskMatching';
import type { SourceImage, SourceScan } from './types';
import { assertFile, assertFolder, listFolder } from './walk';

/** Options of {@link scanSource}. */
export interface ScanSourceOptions {
  /** `path,label` CSV; when given the folder is read as flat (labels from the CSV). */
  labelsCsv?: string;
  /** Masks folder, matched by relative path + stem (+ suffix). */
  masksDir?: string;
  /** Mask name suffix after the stem, e.g. `_segmentation`. */
  maskSuffix?: string;
  /** CSV mapping `image,mask` (instead of, or relative to, the masks folder). */
  maskCsv?: string;
}

/**
 * Lists the labelled images of `root` with their masks, and everything that was skipped or did not
 * match. Throws {@link FolderError} when a folder is missing.
 */
export async function scanSource(
  root: string,
  options: ScanSourceOptions = {},
): Promise<SourceScan> {
  const sourceRoot = path.resolve(root);
  await assertFolder(sourceRoot, 'source');
  if (options.masksDir) await assertFolder(options.masksDir, 'masks');
  if (options.labelsCsv) await assertFile(options.labelsCsv, 'labels CSV');
  if (options.maskCsv) await assertFile(options.maskCsv, 'mask CSV');
  const listing = await listFolder(sourceRoot);
  const problems: string[] = [];
  const unlabeled: string[] = [];
  const labelled: Array<{ relPath: string; label: string }> = [];
  if (options.labelsCsv) {
    const table = await readLabelsCsv(options.labelsCsv);
    problems.push(...table.problems);
    const onDisk = new Set(listing.images);
    for (const rel of listing.images) {
      const label = table.labels.get(rel);
      if (label === undefined) unlabeled.push(rel);
      else labelled.push({ relPath: rel, label });
    }
    for (const rel of table.labels.keys()) {
      if (!onDisk.has(rel))
        problems.push(`${options.labelsCsv}: "${rel}" is not an image in ${sourceRoot}`);
    }
  } else {
    for (const rel of listing.images) {
      const slash = rel.indexOf('/');
      if (slash < 0) unlabeled.push(rel);
      else labelled.push({ relPath: rel, label: rel.slice(0, slash) });
    }
  }
  const masks = await matchMasks(
    labelled.map((item) => item.relPath),
    {
      ...(options.masksDir ? { dir: path.resolve(options.masksDir) } : {}),
      ...(options.maskSuffix ? { suffix: options.maskSuffix } : {}),
      ...(options.maskCsv ? { csv: path.resolve(options.maskCsv) } : {}),
    },
  );
  problems.push(...masks.problems);
  const images: SourceImage[] = labelled.map(({ relPath, label }) => ({
    path: path.join(sourceRoot, ...relPath.split('/')),
    relPath,
    label,
    mask: masks.byImage.get(relPath) ?? null,
  }));
  const haveMasks = Boolean(options.masksDir || options.maskCsv);
  return {
    root: sourceRoot,
    layout: options.labelsCsv ? 'labelsCsv' : 'imageFolder',
    images,
    labels: [...new Set(images.map((image) => image.label))].sort(compareCodeUnits),
    masksDir: options.masksDir ? path.resolve(options.masksDir) : null,
    maskCsv: options.maskCsv ? path.resolve(options.maskCsv) : null,
    labelsCsv: options.labelsCsv ? path.resolve(options.labelsCsv) : null,
    maskCount: masks.maskCount,
    skippedNonImages: [...listing.nonImages, ...masks.nonImages.map((rel) => `masks:${rel}`)],
    unlabeled,
    imagesWithoutMask: haveMasks ? images.filter((i) => i.mask === null).map((i) => i.relPath) : [],
    unmatchedMasks: masks.unmatchedMasks,
    suggestedMaskSuffix:
      images.some((image) => image.mask === null) && haveMasks
        ? guessMaskSuffix(
            images.filter((image) => image.mask === null).map((image) => image.relPath),
            masks.unmatchedMasks,
          )
        : null,
    problems,
  };
}

/**
 * Scans the target-domain image bank: every image below the folder (labels ignored), with the
 * target's own key-region masks when a target masks folder is given.
 */
import * as path from 'node:path';
import { matchMasks } from './maskMatching';
import type { TargetScan } from './types';
import { assertFolder, listFolder } from './walk';

/** Options of {@link scanTargets}. */
export interface ScanTargetsOptions {
  /** Folder of the targets' own key-region masks (e.g. their lesions), same matching rules as sources. */
  masksDir?: string;
  maskSuffix?: string;
}

/** Lists the target images of `root` recursively, sorted by relative path. */
export async function scanTargets(
  root: string,
  options: ScanTargetsOptions = {},
): Promise<TargetScan> {
  const targetRoot = path.resolve(root);
  await assertFolder(targetRoot, 'target');
  if (options.masksDir) await assertFolder(options.masksDir, 'target masks');
  const listing = await listFolder(targetRoot);
  const masks = await matchMasks(listing.images, {
    ...(options.masksDir ? { dir: path.resolve(options.masksDir) } : {}),
    ...(options.maskSuffix ? { suffix: options.maskSuffix } : {}),
  });
  return {
    root: targetRoot,
    images: listing.images.map((relPath) => ({
      path: path.join(targetRoot, ...relPath.split('/')),
      relPath,
      mask: masks.byImage.get(relPath) ?? null,
    })),
    masksDir: options.masksDir ? path.resolve(options.masksDir) : null,
    skippedNonImages: listing.nonImages,
    unmatchedMasks: masks.unmatchedMasks,
  };
}

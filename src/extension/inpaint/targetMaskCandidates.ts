/**
 * Finds the folders that may hold the target images' own key-region masks, for presets that fill
 * each target's lesion before compositing (dermoscopy): the last one used and the usual sibling
 * folders of the target folder (`target` -> `target-masks`, `images` -> `masks`). Each is counted
 * with the CLI's own matching rules (core scanTargets: relative path and stem + the mask suffix),
 * so the wizard shows how many target images each would cover. No vscode import: unit-tested.
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { scanTargets } from '../../core/dataset/scanTargets';
import { isInsideRoots, isSameOrDescendant } from '../security/pathGuard';

/** A folder offered as the target masks, with how many target images it covers. */
export interface TargetMaskCandidate {
  folder: string;
  /** Why it is offered. */
  origin: 'last used' | 'next to the target folder';
  /** Target images that have a mask in the folder. */
  matched: number;
  /** Target images in all. */
  total: number;
}

/** What the search needs. */
export interface TargetMaskSearch {
  /** The target images folder (absolute). */
  target: string;
  /** The source key-region masks folder, never offered as target masks. */
  sourceMasks?: string;
  /** Mask name suffix (the CLI applies `--mask-suffix` to target masks too). */
  suffix?: string;
  /** The target masks folder of the last run. */
  last?: string;
  /**
   * Folders a folder the user did not pick in this run must resolve inside (symbolic links
   * followed): a remembered or guessed path never leads the run outside the workspace.
   */
  roots: readonly string[];
}

/** Names of the sibling folders that conventionally hold a folder's masks, most specific first. */
export function siblingMaskFolderNames(targetFolder: string): string[] {
  const base = path.basename(path.resolve(targetFolder));
  return [`${base}-masks`, `${base}_masks`, `${base} masks`, `${base}-segmentations`, 'masks'];
}

async function isFolder(folder: string): Promise<boolean> {
  return (await stat(folder).catch(() => undefined))?.isDirectory() === true;
}

/**
 * Counts the target images of `target` that have a mask in `folder` (the CLI's matching rules).
 * Throws when either folder cannot be read.
 */
export async function countTargetMasks(
  target: string,
  folder: string,
  suffix?: string,
): Promise<{ matched: number; total: number }> {
  const scan = await scanTargets(target, {
    masksDir: folder,
    ...(suffix ? { maskSuffix: suffix } : {}),
  });
  return {
    matched: scan.images.filter((image) => image.mask !== null).length,
    total: scan.images.length,
  };
}

/**
 * The candidate folders that exist, lie inside `roots`, are not the target folder itself, a
 * folder inside it (scanned as target images) or the source masks; the last one used first.
 */
export async function findTargetMaskCandidates(
  search: TargetMaskSearch,
): Promise<TargetMaskCandidate[]> {
  const target = path.resolve(search.target);
  const parent = path.dirname(target);
  const proposals: { folder: string; origin: TargetMaskCandidate['origin'] }[] = [];
  if (search.last) proposals.push({ folder: path.resolve(search.last), origin: 'last used' });
  for (const name of siblingMaskFolderNames(target)) {
    proposals.push({ folder: path.join(parent, name), origin: 'next to the target folder' });
  }
  const roots = search.roots.map((root) => ({ scheme: 'file', fsPath: root }));
  const seen = new Set<string>();
  const candidates: TargetMaskCandidate[] = [];
  for (const { folder, origin } of proposals) {
    if (seen.has(folder)) continue;
    seen.add(folder);
    if (isSameOrDescendant(folder, target) || isSameOrDescendant(target, folder)) continue;
    if (search.sourceMasks && path.resolve(search.sourceMasks) === folder) continue;
    if (!(await isFolder(folder))) continue;
    if (!(await isInsideRoots({ scheme: 'file', fsPath: folder }, roots))) continue;
    candidates.push({ folder, origin, ...(await countTargetMasks(target, folder, search.suffix)) });
  }
  return candidates;
}

/** The candidate a run without questions takes: the first that covers some target image. */
export function bestTargetMaskCandidate(
  candidates: readonly TargetMaskCandidate[],
): TargetMaskCandidate | undefined {
  return candidates.find((candidate) => candidate.matched > 0);
}

/** "3 of 5 target images have a mask here", or why none does. */
export function describeCoverage(
  candidate: Pick<TargetMaskCandidate, 'matched' | 'total'>,
  suffix?: string,
): string {
  if (candidate.matched > 0)
    return `${candidate.matched} of ${candidate.total} target images have a mask here`;
  const naming = suffix ? `<target image stem>${suffix}` : 'the target image names';
  return `no target image has a mask here (masks are matched by relative path and ${naming})`;
}

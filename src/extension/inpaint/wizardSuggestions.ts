/**
 * Folders the wizard suggests the first time, before it has last answers to offer: the obvious
 * siblings of the source folder (`data/source` -> `data/target`, `data/masks`). Pure Node, no
 * vscode import: unit-tested.
 */
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';

/** Sibling folder names that hold target-domain images. */
const TARGET_NAME = /^(target|targets)([-_ ].*)?$/i;
/** Sibling folder names that hold key-region masks (not the target images' own masks). */
const MASKS_NAME = /(^|[-_ ])(masks?|segmentations?)$/i;

/** The subfolders of `folder`'s parent whose names match, sorted, `folder` itself excluded. */
async function siblings(folder: string, match: (name: string) => boolean): Promise<string[]> {
  const resolved = path.resolve(folder);
  const parent = path.dirname(resolved);
  const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isDirectory() && match(entry.name))
    .map((entry) => path.join(parent, entry.name))
    .filter((candidate) => candidate !== resolved)
    .sort();
}

/** Target image folders beside the source folder (`target`, `targets`, `target-hospital-b`). */
export function siblingTargetFolders(source: string): Promise<string[]> {
  return siblings(source, (name) => TARGET_NAME.test(name) && !MASKS_NAME.test(name));
}

/** Key-region mask folders beside the source folder (`masks`, `source-masks`, not `target-masks`). */
export function siblingMaskFolders(source: string): Promise<string[]> {
  return siblings(source, (name) => MASKS_NAME.test(name) && !/^targets?[-_ ]/i.test(name));
}

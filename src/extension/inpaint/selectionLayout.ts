/**
 * Where a selection of images is staged for "Inpaint to Target Domain": pure path arithmetic
 * (no vscode), unit-tested.
 */
import * as path from 'node:path';

/** The deepest folder containing every path in `folders`. */
export function commonFolder(folders: readonly string[]): string {
  const split = folders.map((folder) => path.resolve(folder).split(path.sep));
  const first = split[0] ?? [];
  let length = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < length && parts[i] === first[i]) i += 1;
    length = i;
  }
  return first.slice(0, length).join(path.sep) || path.sep;
}

/** A timestamp usable in a folder name, e.g. 20260126-141503. */
function stamp(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  );
}

/**
 * The new folder a selection from the dataset folder `root` is copied into: beside `root`
 * (never inside it, since source folders are not written to and a later run on `root` must not
 * pick the copies up as a class), e.g. data/source-selection-20260126-141503. When `root` is a
 * workspace folder itself, inside it (beside would be outside the workspace).
 */
export function selectionFolder(
  root: string,
  workspaceRoots: readonly string[],
  date: Date,
): string {
  const name = `${path.basename(root)}-selection-${stamp(date)}`;
  const isWorkspaceRoot = workspaceRoots.some((w) => path.resolve(w) === path.resolve(root));
  return isWorkspaceRoot
    ? path.join(root, `maskmedpaint-selection-${stamp(date)}`)
    : path.join(path.dirname(root), name);
}

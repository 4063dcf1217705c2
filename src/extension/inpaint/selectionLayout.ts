/**
 * "Inpaint to Target Domain" on a selection of images (from the predictions gallery): the run
 * reads the dataset folder itself with a labels CSV that lists only the selected images (the CLI's
 * `--labels`), so nothing is copied into the workspace. Pure path and text arithmetic (no vscode),
 * unit-tested.
 */
import * as path from 'node:path';
import { formatCsv } from '../../shared/csv';

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

/** A timestamp usable in a file name, e.g. 20260126-141503. */
function stamp(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  );
}

/** The selection's name, e.g. `source-selection-20260126-141503` (its CSV and output are named after it). */
export function selectionName(root: string, date: Date): string {
  return `${path.basename(path.resolve(root))}-selection-${stamp(date)}`;
}

/** The labels CSV of a selection over its dataset folder. */
export interface SelectedImages {
  /** The dataset folder the run reads (the class folders' parent). */
  root: string;
  /** `path,label` rows for `--labels`, paths relative to `root` with `/`. */
  csv: string;
  count: number;
}

/**
 * The dataset root of `images` (the folder their class folders share) and the labels CSV that
 * selects them, each labelled by its class folder (the first folder under the root).
 */
export function selectionLabels(images: readonly string[]): SelectedImages {
  const root = commonFolder(images.map((image) => path.dirname(path.dirname(image))));
  const rows = [...new Set(images.map((image) => path.resolve(image)))].map((image) => {
    const relative = path.relative(root, image).split(path.sep).join('/');
    // The class is the first folder under the root, as in a class-folder (ImageFolder) run.
    return [relative, relative.includes('/') ? relative.slice(0, relative.indexOf('/')) : ''];
  });
  return { root, csv: formatCsv([['path', 'label'], ...rows]), count: rows.length };
}

/**
 * Where a selection's run writes: beside the dataset folder, named after the selection
 * (`data/source-selection-20260126-141503` as the source name the output pattern expands), so a
 * selection never resumes into or overwrites the whole folder's run.
 */
export function selectionSourceName(root: string, name: string): string {
  return path.join(path.dirname(path.resolve(root)), name);
}

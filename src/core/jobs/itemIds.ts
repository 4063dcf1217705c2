/**
 * Item ids: `<source key>__<k>`. The source key is the file's stem (`lesion_0001`) when no other
 * source image has that stem, which keeps ids short for the usual dataset. Stems that repeat (the
 * same file name in two class folders) are qualified by their path relative to the source folder
 * without the extension (`benign/lesion_0000`, `malignant/lesion_0000`), and with the extension
 * when even that repeats (`a/x.png`, `a/x.tif`). Keys are computed over the whole scanned source,
 * so an id does not depend on `--limit` or on the order items are processed.
 */
import * as path from 'node:path';
import { compareCodeUnits } from '../util/posixPath';

/** How much of the relative path a key shows: stem, path without extension, whole path. */
type Detail = 0 | 1 | 2;

function keyAt(relPath: string, detail: Detail): string {
  if (detail === 2) return relPath;
  const withoutExt = relPath.slice(0, relPath.length - path.posix.extname(relPath).length);
  return detail === 1 ? withoutExt : path.posix.basename(withoutExt);
}

/**
 * The source key of every image, by POSIX relative path (which is unique in a scan). Images whose
 * keys collide get more detail until no two keys are equal; whole paths never collide with each
 * other, so this ends.
 */
export function sourceKeys(relPaths: readonly string[]): Map<string, string> {
  const detail = new Map<string, Detail>(relPaths.map((relPath) => [relPath, 0]));
  for (;;) {
    const byKey = new Map<string, string[]>();
    for (const [relPath, level] of detail) {
      const key = keyAt(relPath, level);
      byKey.set(key, [...(byKey.get(key) ?? []), relPath]);
    }
    let changed = false;
    for (const group of byKey.values()) {
      if (group.length < 2) continue;
      for (const relPath of group) {
        const level = detail.get(relPath) ?? 0;
        if (level < 2) {
          detail.set(relPath, (level + 1) as Detail);
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  const keys = new Map<string, string>();
  for (const relPath of [...detail.keys()].sort(compareCodeUnits))
    keys.set(relPath, keyAt(relPath, detail.get(relPath) ?? 2));
  return keys;
}

/** The id of augmentation `k` of the source with key `sourceKey`. */
export function itemId(sourceKey: string, k: number): string {
  return `${sourceKey}__${k}`;
}

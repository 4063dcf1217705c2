/**
 * Finds the symbolic links below a folder and where each really leads, for the planner's check
 * that no input reaches the output folder (or the reverse) through a link.
 */
import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { realPathAllowingMissing } from './confinedPath';

/**
 * One symbolic link: where it sits and the real path it leads to (which may not exist yet);
 * `target` is null for a link that cannot be resolved (a loop), which nothing can follow either.
 */
export interface FoundLink {
  link: string;
  target: string | null;
}

/** How {@link findSymbolicLinks} walks. */
export interface FindLinksOptions {
  /**
   * Walk into folders that links lead to (as the dataset scan does), once per real folder; links
   * found there are reported too.
   */
  followFolderLinks: boolean;
  /** Skip names starting with '.', which the dataset scan ignores. */
  skipHidden: boolean;
}

/**
 * Every symbolic link below `root`, in walk order; an empty list when `root` does not exist.
 * A link whose target is missing is reported with the path it would resolve to.
 */
export async function findSymbolicLinks(
  root: string,
  options: FindLinksOptions,
): Promise<FoundLink[]> {
  const found: FoundLink[] = [];
  const visited = new Set<string>();
  const visit = async (dir: string): Promise<void> => {
    const real = await fs.realpath(dir).catch(() => null);
    if (real === null || visited.has(real)) return;
    visited.add(real);
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (options.skipHidden && entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await visit(full);
      else if (entry.isSymbolicLink()) {
        found.push({ link: full, target: await realPathAllowingMissing(full).catch(() => null) });
        if (options.followFolderLinks && (await isFolder(full))) await visit(full);
      }
    }
  };
  await visit(root);
  return found;
}

async function isFolder(p: string): Promise<boolean> {
  return (await fs.stat(p).catch(() => null))?.isDirectory() ?? false;
}

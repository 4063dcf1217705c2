/**
 * Recursive folder listing in a deterministic order, split into image files and everything else.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { sniffDicom } from '../image/dicom/readDicom';
import { IMAGE_EXTENSIONS } from '../image/io';
import { compareCodeUnits, toPosix } from '../util/posixPath';

/** What a folder holds: POSIX paths relative to the root, each list sorted by code unit. */
export interface FolderListing {
  images: string[];
  nonImages: string[];
}

/** True when the file name has an extension the image reader accepts (case-insensitive; .dcm included). */
export function hasImageExtension(fileName: string): boolean {
  return IMAGE_EXTENSIONS.has(path.extname(fileName).toLowerCase());
}

/** A folder that is missing or not a folder; the message says which. */
export class FolderError extends Error {
  constructor(
    readonly folder: string,
    reason: string,
  ) {
    super(`${folder}: ${reason}`);
    this.name = 'FolderError';
  }
}

/** Throws {@link FolderError} unless `dir` exists and is a folder. */
export async function assertFolder(dir: string, role: string): Promise<void> {
  let stat;
  try {
    stat = await fs.stat(dir);
  } catch {
    throw new FolderError(dir, `${role} folder does not exist`);
  }
  if (!stat.isDirectory()) throw new FolderError(dir, `${role} is not a folder`);
}

/** Throws {@link FolderError} unless `file` exists and is a regular file (e.g. a CSV). */
export async function assertFile(file: string, role: string): Promise<void> {
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat) throw new FolderError(file, `${role} does not exist`);
  if (!stat.isFile()) throw new FolderError(file, `${role} is not a file`);
}

/**
 * Lists every file below `root` (following symbolic links to folders once; cycles are skipped).
 * Hidden entries (names starting with '.') are ignored: they are editor, OS or temp files, not data.
 */
export async function listFolder(root: string): Promise<FolderListing> {
  const listing: FolderListing = { images: [], nonImages: [] };
  const visited = new Set<string>();
  const visit = async (dir: string): Promise<void> => {
    const real = await fs.realpath(dir);
    if (visited.has(real)) return;
    visited.add(real);
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await fs.stat(full).catch(() => undefined);
        isDir = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDir) await visit(full);
      else if (isFile) {
        const rel = toPosix(path.relative(root, full));
        // PACS exports often name DICOM files without an extension (IM0001) or by their UID
        // (1.2.840....): such names are recognised by their content.
        const isImage =
          hasImageExtension(entry.name) ||
          (/^(\.\d+)?$/.test(path.extname(entry.name)) && (await sniffDicom(full)));
        (isImage ? listing.images : listing.nonImages).push(rel);
      }
    }
  };
  await visit(root);
  listing.images.sort(compareCodeUnits);
  listing.nonImages.sort(compareCodeUnits);
  return listing;
}

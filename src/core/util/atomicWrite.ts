/**
 * Atomic file writes: a temp file in the destination folder, flushed to disk, then renamed over
 * the destination. A crash at any point leaves either the old file, the new file, or a temp file
 * that {@link removeStrayTempFiles} recognises by its suffix; never a half-written destination.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';

/** Suffix of every temp file this module creates. */
export const TEMP_SUFFIX = '.mmp-tmp';

/**
 * The temp file vanished between writing and renaming: another process removed it (a second run
 * starting in the same folder deletes stray temp files). The destination was not touched.
 */
export class TempFileRemovedError extends Error {
  constructor(
    readonly destination: string,
    options?: ErrorOptions,
  ) {
    super(
      `the temporary file for ${destination} was removed by another process before it could be ` +
        `renamed into place (is another run using ${path.dirname(destination)}?); ` +
        'nothing was overwritten: rerun when the other process is done',
      options,
    );
    this.name = 'TempFileRemovedError';
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

/** Writes `data` to `filePath` atomically, creating the parent folder when missing. */
export async function writeFileAtomic(filePath: string, data: Uint8Array | string): Promise<void> {
  const dir = path.dirname(filePath);
  await fs.mkdir(dir, { recursive: true });
  const temp = path.join(
    dir,
    `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`,
  );
  const handle = await fs.open(temp, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await fs.rename(temp, filePath);
  } catch (error) {
    const vanished = (error as NodeJS.ErrnoException).code === 'ENOENT' && !(await exists(temp));
    await fs.rm(temp, { force: true });
    // A missing folder is reported as it is; a missing temp file in an existing folder is a race.
    if (vanished && (await exists(dir))) throw new TempFileRemovedError(filePath, { cause: error });
    throw error;
  }
  await syncDirectory(dir);
}

/** Flushes a folder entry (the rename) to disk; a no-op where folders cannot be opened (Windows). */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Directory fsync is not supported on every platform; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}

/**
 * Deletes temp files left by an interrupted write, in `dir` and (when `recursive`) below it.
 * Only names ending in {@link TEMP_SUFFIX} are touched. Returns how many were removed.
 */
export async function removeStrayTempFiles(dir: string, recursive: boolean): Promise<number> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let removed = 0;
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && recursive) removed += await removeStrayTempFiles(full, true);
    else if (entry.isFile() && entry.name.endsWith(TEMP_SUFFIX)) {
      await fs.rm(full, { force: true });
      removed += 1;
    }
  }
  return removed;
}

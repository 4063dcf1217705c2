/**
 * Clearing a run folder of the temporary files a killed writer left (see util/atomicWrite.ts).
 * Every folder a run writes into is swept, not only the images: a kill can land while a quality
 * overlay, an edited mask or the manifest sits under its temporary name, and a resumed run must
 * end with exactly the files an uninterrupted one writes.
 */
import * as path from 'node:path';
import { REGIONS_DIR } from '../quality/regionFile';
import { removeStrayTempFiles } from '../util/atomicWrite';
import { EDITED_MASKS_FOLDER } from './editedMasks';

/** The run folder's own subfolders that hold atomically written files. */
const WRITTEN_SUBFOLDERS = ['images', REGIONS_DIR, EDITED_MASKS_FOLDER] as const;

/**
 * Removes stray temporary files from the run folder and its written subfolders; returns how
 * many. Only the holder of the run's lock may call this: another live writer's temporary files
 * would be among them.
 */
export async function removeRunTempFiles(outDir: string): Promise<number> {
  let removed = await removeStrayTempFiles(outDir, false);
  for (const folder of WRITTEN_SUBFOLDERS)
    removed += await removeStrayTempFiles(path.join(outDir, folder), true);
  return removed;
}

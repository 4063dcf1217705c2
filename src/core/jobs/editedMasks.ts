/**
 * Where edited key-region masks live: `<run folder>/edited-masks/<id>.<ext>`. The review panel's
 * brush writes there, and `rerun --mask FILE` copies a mask from elsewhere there, so every mask a
 * manifest names lies in the run folder or in the masks folder it records.
 */
import * as path from 'node:path';

/** Folder of edited masks inside a run folder. */
export const EDITED_MASKS_FOLDER = 'edited-masks';

/**
 * `<manifest folder>/edited-masks/<id><extension>`. Ids come from the manifest (validated to
 * contain no path separators); the name is still reduced to safe characters so it cannot leave
 * the folder.
 */
export function editedMaskPath(manifestPath: string, itemId: string, extension = '.png'): string {
  const safe = itemId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  const safeExtension = /^\.[A-Za-z0-9]{1,5}$/.test(extension) ? extension.toLowerCase() : '.png';
  return path.join(
    path.dirname(path.resolve(manifestPath)),
    EDITED_MASKS_FOLDER,
    `${safe}${safeExtension}`,
  );
}

/**
 * dcmjs, loaded on first use. Evaluating it builds its DICOM dictionary (about 17 ms and 1 MB of
 * heap), which every process and pool thread paid at start-up although most runs read no DICOM
 * file; the first call that parses or writes one loads it now.
 */
import type * as DcmjsModule from './dcmjsModule';

/** The parts of dcmjs the project uses. */
export type DcmjsLibrary = typeof DcmjsModule;

let library: DcmjsLibrary | undefined;

/** dcmjs, loaded (and its logging silenced) by the first call. */
export function dcmjsLibrary(): DcmjsLibrary {
  if (library === undefined) {
    // A static import would evaluate dcmjs when the bundle starts (see the file comment).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require('./dcmjsModule') as DcmjsLibrary;
    // dcmjs logs every oddity it meets (unknown VRs, padding) to the console; the CLI's --json
    // mode owns stdout, and every problem that matters is raised as an error by its callers.
    loaded.log.setLevel('silent');
    loaded.log.getLogger('validation.dcmjs').setLevel('silent');
    library = loaded;
  }
  return library;
}

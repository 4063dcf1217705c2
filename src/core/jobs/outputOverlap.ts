/**
 * The planner's promise that a run writes nothing its inputs hold: the output folder and every
 * input are compared by real location (`..` and symbolic links resolved), in both directions,
 * including links inside an input folder that lead into the output folder and links inside the
 * output folder that would carry its writes somewhere else.
 */
import * as path from 'node:path';
import { isSameOrDescendant, pathsOverlap, realPathAllowingMissing } from '../util/confinedPath';
import { findSymbolicLinks } from '../util/symbolicLinks';
import { JobConfigError } from './types';

/** The inputs of a run, each under the name the user knows it by. */
export interface RunInputLocations {
  /** Folders read (source, target, masks, target masks); null when not used. */
  folders: Readonly<Record<string, string | null>>;
  /** Single files read (labels CSV, mask CSV); null when not used. */
  files?: Readonly<Record<string, string | null>>;
  /** Files named one by one (the masks a mask CSV names), which may lie anywhere. */
  namedFiles?: { role: string; paths: readonly string[] };
}

/** ` (really R)` when the real location differs from the path given, so a refusal explains itself. */
function really(given: string, real: string): string {
  return path.resolve(given) === real ? '' : ` (really ${real})`;
}

/**
 * Refuses an output folder that overlaps any input, judged by real locations.
 * @throws JobConfigError naming the folder, the link (when one is involved) and what to do.
 */
export async function assertOutputApart(outDir: string, inputs: RunInputLocations): Promise<void> {
  const realOut = await realPathAllowingMissing(outDir);
  const out = `--out ${outDir}${really(outDir, realOut)}`;
  for (const [role, dir] of Object.entries(inputs.folders)) {
    if (dir === null) continue;
    const realDir = await realPathAllowingMissing(dir);
    const folder = `the ${role} folder ${dir}${really(dir, realDir)}`;
    if (isSameOrDescendant(realOut, realDir)) {
      throw new JobConfigError(`${out} lies inside ${folder}; choose an output folder outside it`);
    }
    if (isSameOrDescendant(realDir, realOut)) {
      throw new JobConfigError(`${folder} lies inside ${out}; choose a separate output folder`);
    }
    // The dataset scan follows links to folders, so a link anywhere below an input that reaches
    // the output folder (or a folder holding it) would make outputs inputs.
    for (const found of await findSymbolicLinks(dir, {
      followFolderLinks: true,
      skipHidden: true,
    })) {
      if (found.target !== null && pathsOverlap(found.target, realOut)) {
        throw new JobConfigError(
          `${folder} holds a symbolic link ${found.link} that leads to ${found.target}, which ` +
            `overlaps ${out}; remove the link or choose another output folder`,
        );
      }
    }
  }
  for (const [role, file] of Object.entries(inputs.files ?? {})) {
    if (file !== null) await assertFileOutside(role, file, realOut, out);
  }
  for (const file of inputs.namedFiles?.paths ?? []) {
    await assertFileOutside(inputs.namedFiles?.role ?? 'input', file, realOut, out);
  }
  // Every write goes to a path below --out; a link there would carry it somewhere else (an input,
  // or merely another place than the one recorded and reported).
  const links = await findSymbolicLinks(outDir, { followFolderLinks: false, skipHidden: false });
  const first = links[0];
  if (first) {
    throw new JobConfigError(
      `${out} holds a symbolic link ${first.link} (to ${first.target ?? 'an unresolvable target'}); ` +
        `an output folder may not contain symbolic links, since writes through one land elsewhere: ` +
        `remove it or choose another output folder`,
    );
  }
}

async function assertFileOutside(
  role: string,
  file: string,
  realOut: string,
  out: string,
): Promise<void> {
  const realFile = await realPathAllowingMissing(file);
  if (isSameOrDescendant(realFile, realOut)) {
    throw new JobConfigError(
      `the ${role} ${file}${really(file, realFile)} lies inside ${out}; choose a separate output folder`,
    );
  }
}

/**
 * Paths read from a manifest, confined. A manifest can be edited by hand and a run folder can
 * hold symbolic links, so every item path is resolved to its real location before anything reads
 * or writes it: outputs must lie in the run folder; sources, masks, targets and target masks in
 * the input folder the manifest records for them (masks also in the run folder, where edited
 * masks live); only regular files are read; writes stay in the run folder, pass no link and never
 * land in an input folder. `rerun`, the review panel and the views all resolve through here.
 */
import { promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import type { ManifestInputs, ManifestItem } from '../../shared/manifest';
import {
  ConfinementError,
  assertConfinedWrite,
  describeFileKind,
  isNotFound,
  isSameOrDescendant,
  realPathAllowingMissing,
} from '../util/confinedPath';
import { JobConfigError } from './types';

/** The item fields that hold paths. */
export type ManifestPathField =
  | 'source'
  | 'mask'
  | 'target'
  | 'targetMask'
  | 'output'
  /** The item's region overlay (exactly kept region and blend band), written into the run folder. */
  | 'quality.regions';

/**
 * An item path that may not be used; the message names the item, the field and the reason.
 * `missing` tells a file that is simply not there from one refused for where or what it is.
 */
export class ManifestPathError extends JobConfigError {
  constructor(
    readonly itemId: string,
    readonly field: ManifestPathField,
    reason: string,
    readonly missing = false,
  ) {
    super(`item "${itemId}", field "${field}": ${reason}`);
    this.name = 'ManifestPathError';
  }
}

/** A confined item path: absolute as the manifest names it, and its real location. */
export interface ConfinedPath {
  path: string;
  realPath: string;
}

/** A folder paths may lie in, described for error messages. */
interface Root {
  description: string;
  real: string;
}

/** True when a manifest path is absolute (POSIX, Windows drive or UNC) instead of relative. */
export function isAbsoluteManifestPath(value: string): boolean {
  return path.posix.isAbsolute(value) || path.win32.isAbsolute(value) || /^[A-Za-z]:/.test(value);
}

/** Resolves and confines the paths of one manifest's items (see the module comment). */
export class ManifestPaths {
  private readonly realDirs = new Map<string, Promise<string>>();

  private constructor(
    /** The manifest's folder, absolute. */
    readonly runFolder: string,
    private readonly roots: Readonly<Record<ManifestPathField, readonly Root[]>>,
    private readonly inputRoots: readonly Root[],
  ) {}

  /** Resolves the run folder and the input roots recorded in `inputs` once, for many look-ups. */
  static async open(manifestPath: string, inputs: ManifestInputs): Promise<ManifestPaths> {
    const runFolder = path.dirname(path.resolve(manifestPath));
    const root = async (name: string, recorded: string | null | undefined): Promise<Root[]> => {
      if (recorded === null || recorded === undefined) return [];
      let absolute = path.resolve(runFolder, recorded);
      // A mask CSV is recorded instead of a masks folder; the masks it names sit in its folder.
      if (name === 'masks' && (await fs.stat(absolute).catch(() => null))?.isFile()) {
        absolute = path.dirname(absolute);
      }
      const real = await realPathAllowingMissing(absolute);
      return [{ description: `the ${name} folder ${real} (inputs.${name})`, real }];
    };
    const run: Root = {
      description: `the run folder ${runFolder}`,
      real: await realPathAllowingMissing(runFolder),
    };
    const source = await root('source', inputs.source);
    const masks = await root('masks', inputs.masks);
    const target = await root('target', inputs.target);
    const targetMasks = await root('targetMasks', inputs.targetMasks);
    return new ManifestPaths(
      runFolder,
      {
        source,
        mask: [...masks, run],
        target,
        targetMask: targetMasks,
        output: [run],
        'quality.regions': [run],
      },
      [...source, ...masks, ...target, ...targetMasks],
    );
  }

  /**
   * The existing regular file `item[field]` names, confined to the field's folders; null when the
   * field is null or absent. @throws ManifestPathError naming the item, the field and the reason.
   */
  async forReading(item: ManifestItem, field: ManifestPathField): Promise<ConfinedPath | null> {
    const value = field === 'quality.regions' ? item.quality?.regions : item[field];
    if (value === null || value === undefined) return null;
    const fail = (reason: string, missing = false): ManifestPathError =>
      new ManifestPathError(item.id, field, `"${value}" ${reason}`, missing);
    const lexical = this.lexical(value, fail);
    let stats: Stats;
    let real: string;
    try {
      stats = await fs.lstat(lexical);
      if (stats.isSymbolicLink()) {
        real = await fs.realpath(lexical);
        stats = await fs.stat(real);
      } else {
        real = path.join(await this.realDir(path.dirname(lexical)), path.basename(lexical));
      }
    } catch (error) {
      if (isNotFound(error)) throw fail(`does not exist (${lexical})`, true);
      throw fail(`cannot be checked (${(error as Error).message})`);
    }
    const roots = this.roots[field];
    if (!roots.some((root) => isSameOrDescendant(real, root.real))) {
      throw fail(
        roots.length === 0
          ? `cannot be checked: the manifest records no folder for it (inputs.targetMasks)`
          : `resolves to ${real}, outside ${roots.map((root) => root.description).join(' and ')}`,
      );
    }
    if (!stats.isFile()) throw fail(`is ${describeFileKind(stats)}, not a regular file`);
    return { path: lexical, realPath: real };
  }

  /**
   * Where the item's output may be (re)written: inside the run folder, through no symbolic link,
   * outside every input folder. @throws ManifestPathError otherwise.
   */
  async outputForWriting(item: ManifestItem): Promise<string> {
    const value = item.output;
    if (value === null) throw new ManifestPathError(item.id, 'output', 'the item has no output');
    const fail = (reason: string): ManifestPathError =>
      new ManifestPathError(item.id, 'output', `"${value}" ${reason}`);
    const lexical = this.lexical(value, fail);
    if (lexical === this.runFolder || !isSameOrDescendant(lexical, this.runFolder)) {
      throw fail(`lies outside the run folder ${this.runFolder}`);
    }
    try {
      return await this.runFolderWriteTarget(lexical);
    } catch (error) {
      if (error instanceof ConfinementError) throw fail(`cannot be written: ${error.message}`);
      throw error;
    }
  }

  /**
   * Checks a file the product is about to write in the run folder (an output, an edited mask):
   * inside the run folder, through no symbolic link, not inside an input folder.
   * @returns the absolute path to write. @throws ConfinementError otherwise.
   */
  async runFolderWriteTarget(filePath: string): Promise<string> {
    const written = await assertConfinedWrite(this.runFolder, filePath);
    const real = await realPathAllowingMissing(written);
    const input = this.inputRoots.find((root) => isSameOrDescendant(real, root.real));
    if (input) throw new ConfinementError(`${written} lies inside ${input.description}`);
    return written;
  }

  /** True when a real path lies in the run folder or the masks folder the manifest records. */
  isMaskLocation(realPath: string): boolean {
    return this.roots.mask.some((root) => isSameOrDescendant(realPath, root.real));
  }

  private lexical(value: string, fail: (reason: string) => ManifestPathError): string {
    if (value === '' || value.includes('\0')) throw fail('is not a usable path');
    if (isAbsoluteManifestPath(value)) {
      throw fail('is an absolute path; manifest paths are relative to the manifest');
    }
    return path.resolve(this.runFolder, value);
  }

  private realDir(dir: string): Promise<string> {
    let real = this.realDirs.get(dir);
    if (!real) {
      real = realPathAllowingMissing(dir);
      this.realDirs.set(dir, real);
    }
    return real;
  }
}

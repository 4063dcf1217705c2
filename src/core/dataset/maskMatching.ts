/**
 * Finds each image's key-region mask: in a masks folder by the same relative folder and stem
 * (plus an optional suffix such as ISIC's `_segmentation`, any image extension), or from a CSV
 * mapping `image,mask`.
 */
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { parseCsv } from '../util/csv';
import { compareCodeUnits, toPosix } from '../util/posixPath';
import { listFolder } from './walk';

/** Where masks come from. */
export interface MaskSource {
  /** Masks folder (matched by relative path + stem + suffix). */
  dir?: string;
  /** Suffix after the image stem in mask names, e.g. `_segmentation`. */
  suffix?: string;
  /** CSV `image,mask`; image paths relative to the image root, mask paths relative to `dir` if given, else to the CSV's folder. */
  csv?: string;
}

/** Result of matching masks to a list of images. */
export interface MaskMatch {
  /** Absolute mask path per image relative path (images without a mask are absent). */
  byImage: Map<string, string>;
  /** Mask files (relative to the masks folder) that no image uses. */
  unmatchedMasks: string[];
  /** Number of mask files found. */
  maskCount: number;
  /** Non-image files in the masks folder. */
  nonImages: string[];
  /** Problems with the mapping CSV (missing files, unknown images). */
  problems: string[];
}

function keyOf(dir: string, stem: string): string {
  return dir === '.' || dir === '' ? stem : `${dir}/${stem}`;
}

function stemAndDir(relPath: string): { dir: string; stem: string } {
  const dir = path.posix.dirname(relPath);
  const base = path.posix.basename(relPath);
  const ext = path.posix.extname(base);
  return { dir, stem: ext ? base.slice(0, -ext.length) : base };
}

/**
 * Matches masks to images (`imageRelPaths`: POSIX paths relative to the image root).
 * A mask in the same relative folder wins; otherwise a mask of the same name at the masks root is
 * used, so ISIC-style flat mask folders work with class-folder images. When several files share a
 * stem (a.png, a.tif) the first in code-unit order is used.
 */
export async function matchMasks(
  imageRelPaths: readonly string[],
  source: MaskSource,
): Promise<MaskMatch> {
  const result: MaskMatch = {
    byImage: new Map(),
    unmatchedMasks: [],
    maskCount: 0,
    nonImages: [],
    problems: [],
  };
  if (source.csv) return matchFromCsv(imageRelPaths, source, result);
  if (!source.dir) return result;
  const listing = await listFolder(source.dir);
  result.maskCount = listing.images.length;
  result.nonImages = listing.nonImages;
  const suffix = source.suffix ?? '';
  const byKey = new Map<string, string>();
  for (const rel of listing.images) {
    const { dir, stem } = stemAndDir(rel);
    if (!stem.endsWith(suffix) || stem.length === suffix.length) continue;
    const key = keyOf(dir, stem.slice(0, stem.length - suffix.length));
    if (!byKey.has(key)) byKey.set(key, rel); // listing is sorted: the first wins
  }
  const used = new Set<string>();
  for (const image of imageRelPaths) {
    const { dir, stem } = stemAndDir(image);
    const mask = byKey.get(keyOf(dir, stem)) ?? byKey.get(stem);
    if (mask !== undefined) {
      result.byImage.set(image, path.join(source.dir, mask));
      used.add(mask);
    }
  }
  result.unmatchedMasks = listing.images.filter((rel) => !used.has(rel));
  return result;
}

async function matchFromCsv(
  imageRelPaths: readonly string[],
  source: MaskSource,
  result: MaskMatch,
): Promise<MaskMatch> {
  const csvPath = source.csv as string;
  const rows = parseCsv(await readFile(csvPath, 'utf8'));
  const base = source.dir ?? path.dirname(csvPath);
  const known = new Set(imageRelPaths);
  const header = rows[0]?.map((cell) => cell.trim().toLowerCase());
  const start = header && header[0] === 'image' && header[1] === 'mask' ? 1 : 0;
  const seenMasks = new Set<string>();
  for (const [index, row] of rows.slice(start).entries()) {
    const line = index + start + 1;
    const image = toPosix((row[0] ?? '').trim());
    const mask = (row[1] ?? '').trim();
    if (image === '' || mask === '') {
      result.problems.push(`${csvPath}:${line}: expected "image,mask"`);
      continue;
    }
    if (!known.has(image)) {
      result.problems.push(`${csvPath}:${line}: image "${image}" is not among the source images`);
      continue;
    }
    const maskPath = path.resolve(base, mask);
    if (!(await isFile(maskPath))) {
      result.problems.push(`${csvPath}:${line}: mask file "${mask}" does not exist`);
      continue;
    }
    seenMasks.add(maskPath);
    result.byImage.set(image, maskPath);
  }
  result.maskCount = seenMasks.size;
  result.problems.sort(compareCodeUnits);
  return result;
}

async function isFile(filePath: string): Promise<boolean> {
  return (await stat(filePath).catch(() => undefined))?.isFile() ?? false;
}

/**
 * When masks did not match, guesses the suffix they use: the text after an image stem that most
 * unmatched mask names share (e.g. `_segmentation` for `ISIC_001_segmentation.png` beside
 * `ISIC_001.jpg`). Returns null when no suffix explains at least half of them.
 */
export function guessMaskSuffix(
  imageRelPaths: readonly string[],
  unmatchedMasks: readonly string[],
): string | null {
  if (unmatchedMasks.length === 0) return null;
  const stems = new Set(imageRelPaths.map((rel) => stemAndDir(rel).stem));
  const votes = new Map<string, number>();
  for (const mask of unmatchedMasks) {
    const { stem } = stemAndDir(mask);
    // Try every split at a separator, longest image stem first.
    for (let i = stem.length - 1; i > 0; i--) {
      if (!'_-. '.includes(stem[i] ?? '') || !stems.has(stem.slice(0, i))) continue;
      const suffix = stem.slice(i);
      votes.set(suffix, (votes.get(suffix) ?? 0) + 1);
      break;
    }
  }
  let best: string | null = null;
  let bestVotes = 0;
  for (const [suffix, count] of votes) {
    if (count > bestVotes) [best, bestVotes] = [suffix, count];
  }
  return bestVotes * 2 >= unmatchedMasks.length ? best : null;
}

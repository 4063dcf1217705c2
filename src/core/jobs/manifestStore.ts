/**
 * Reading, writing and reviewing the manifest (`maskmedpaint.json`) and its CSV companion.
 * Reads validate against schema/manifest.schema.json; writes are atomic and deterministic.
 */
import * as path from 'node:path';
import { MANIFEST_CSV_NAME, type Manifest, type ManifestItem } from '../../shared/manifest';
import { writeFileAtomic } from '../util/atomicWrite';
import { readRegularFile } from '../util/confinedPath';
import { recipeForManifest, recipeFromManifest } from './manifestModelPath';
import { formatCsv } from '../util/csv';
import { manifestSchemaProblems } from '../util/schemas';
import { stableStringify } from '../util/stableJson';

/** A manifest that cannot be read or used; `problems` name the JSON path of each. */
export class ManifestError extends Error {
  constructor(
    readonly manifestPath: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid manifest ${manifestPath}:\n  ${problems.join('\n  ')}`);
    this.name = 'ManifestError';
  }
}

/** Checks a parsed value against the manifest schema and the rules the schema cannot express. */
export function manifestProblems(value: unknown): string[] {
  const problems = manifestSchemaProblems(value);
  if (problems.length > 0) return problems;
  const seen = new Map<string, number>();
  (value as Manifest).items.forEach((item, index) => {
    const first = seen.get(item.id);
    if (first !== undefined)
      problems.push(`/items/${index}/id: duplicate id "${item.id}" (also /items/${first}/id)`);
    else seen.set(item.id, index);
  });
  return problems;
}

/** Reads and validates a manifest. @throws ManifestError naming each problem's JSON path. */
export async function readManifest(manifestPath: string): Promise<Manifest> {
  let text: string;
  try {
    // A regular file only: a named pipe at this path would block the read forever.
    text = (await readRegularFile(manifestPath)).toString('utf8');
  } catch (error) {
    throw new ManifestError(manifestPath, [`cannot read the file (${(error as Error).message})`]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(manifestPath, [`not valid JSON (${(error as Error).message})`]);
  }
  const problems = manifestProblems(parsed);
  if (problems.length > 0) throw new ManifestError(manifestPath, problems);
  const manifest = parsed as Manifest;
  // The model path is stored relative to the manifest; callers get it ready to use.
  return {
    ...manifest,
    recipe: recipeFromManifest(manifest.recipe, path.dirname(path.resolve(manifestPath))),
  };
}

/** Serialises a manifest: stable key order, 2-space indent, trailing newline. */
export function serializeManifest(manifest: Manifest): string {
  return stableStringify(manifest);
}

/**
 * Validates and writes a manifest atomically, its model path made relative to the manifest like
 * every other path in it (see manifestModelPath.ts). @throws ManifestError when it is not valid.
 */
export async function writeManifest(manifestPath: string, manifest: Manifest): Promise<void> {
  const problems = manifestProblems(manifest);
  if (problems.length > 0) throw new ManifestError(manifestPath, problems);
  const recipe = recipeForManifest(manifest.recipe, path.dirname(path.resolve(manifestPath)));
  await writeFileAtomic(manifestPath, serializeManifest({ ...manifest, recipe }));
}

/**
 * Writes `augmented.csv` (`output,label,source,status`, RFC 4180) for pandas and PyTorch users:
 * one row per generated image (failed items have no output and are left out). Paths are relative
 * to the CSV, which sits beside the manifest.
 */
export async function writeCsv(csvPath: string, manifest: Manifest): Promise<void> {
  const rows = [['output', 'label', 'source', 'status']];
  for (const item of manifest.items) {
    if (item.output !== null) rows.push([item.output, item.label, item.source, item.status]);
  }
  await writeFileAtomic(csvPath, formatCsv(rows));
}

/** A review decision that cannot be recorded (unknown item, failed item). */
export class ReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewError';
  }
}

/**
 * Records a reviewer's decision on one item: read, change, write back atomically (manifest, then
 * the CSV beside it). Used by the extension's review panel.
 * @returns the updated item.
 */
export async function updateItemReview(
  manifestPath: string,
  itemId: string,
  status: 'pending' | 'approved' | 'rejected',
  note?: string,
  now: Date = new Date(),
): Promise<ManifestItem> {
  const manifest = await readManifest(manifestPath);
  const item = manifest.items.find((candidate) => candidate.id === itemId);
  if (!item) throw new ReviewError(`no item "${itemId}" in ${manifestPath}`);
  if (item.status === 'failed')
    throw new ReviewError(`item "${itemId}" failed to generate and cannot be reviewed`);
  item.status = status;
  item.review = {
    decidedAt: now.toISOString(),
    ...(note !== undefined && note !== '' ? { note } : {}),
  };
  await writeManifest(manifestPath, manifest);
  await writeCsv(path.join(path.dirname(manifestPath), MANIFEST_CSV_NAME), manifest);
  return item;
}

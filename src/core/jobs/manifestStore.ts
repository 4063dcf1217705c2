/**
 * Reading and writing the manifest (`maskmedpaint.json`) and its CSV companions. Reads validate
 * against schema/manifest.schema.json and fold in the review decisions journal; writes are
 * atomic and deterministic, and belong to the run folder's lock holder (runLock.ts).
 */
import * as path from 'node:path';
import { MANIFEST_CSV_NAME, TRAINING_CSV_NAME, type Manifest } from '../../shared/manifest';
import { isUsableForTraining, runRequiresReview } from '../../shared/usable';
import { writeFileAtomic } from '../util/atomicWrite';
import { readRegularFile } from '../util/confinedPath';
import { formatCsv } from '../util/csv';
import { stableStringify } from '../util/stableJson';
import { foldDecisions, type FoldReport } from './decisionFold';
import { readDecisions } from './decisionJournal';
import { recipeForManifest, recipeFromManifest } from './manifestModelPath';
import { manifestProblems } from './manifestProblems';

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

/** A manifest as read, with what folding the decisions journal into it did. */
export interface ManifestRead {
  manifest: Manifest;
  /**
   * The fold, lines that were not decisions, the journal's size when read and where a reader
   * that follows it reads on (readDecisions' `nextOffset`).
   */
  decisions: FoldReport & { malformed: string[]; journalSize: number; journalOffset: number };
}

/**
 * Reads and validates a manifest, with the review decisions journal beside it folded in
 * (decisionFold.ts): what every reader shows is the latest decision, even one made while a job
 * held the folder. @throws ManifestError naming each problem's JSON path.
 */
export async function readManifestWithDecisions(manifestPath: string): Promise<ManifestRead> {
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
  const dir = path.dirname(path.resolve(manifestPath));
  let journal;
  try {
    journal = await readDecisions(dir);
  } catch (error) {
    throw new ManifestError(manifestPath, [
      `cannot read its review decisions journal (${(error as Error).message})`,
    ]);
  }
  const { items, report } = foldDecisions(manifest.items, journal.decisions);
  return {
    // The model path is stored relative to the manifest; callers get it ready to use.
    manifest: { ...manifest, items, recipe: recipeFromManifest(manifest.recipe, dir) },
    decisions: {
      ...report,
      malformed: journal.malformed,
      journalSize: journal.size,
      journalOffset: journal.nextOffset,
    },
  };
}

/** {@link readManifestWithDecisions} without the report. */
export async function readManifest(manifestPath: string): Promise<Manifest> {
  return (await readManifestWithDecisions(manifestPath)).manifest;
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

const CSV_HEADER = ['output', 'label', 'source', 'status', 'usable', 'id', 'sha256', 'decidedBy'];

/**
 * Writes the two CSV files beside the manifest for pandas and PyTorch users, one row per
 * generated image (failed items have no output and are left out), paths relative to the CSV:
 * `augmented.csv` lists every one with its status and whether training may use it (`usable`,
 * shared/usable.ts); `augmented-for-training.csv` lists only the usable ones.
 */
export async function writeCsvs(outDir: string, manifest: Manifest): Promise<void> {
  const requireReview = runRequiresReview(manifest);
  const all = [CSV_HEADER];
  const usable = [CSV_HEADER];
  for (const item of manifest.items) {
    if (item.output === null) continue;
    const isUsable = isUsableForTraining(item.status, requireReview);
    const row = [
      item.output,
      item.label,
      item.source,
      item.status,
      String(isUsable),
      item.id,
      item.sha256 ?? '',
      item.review?.decidedBy ?? '',
    ];
    all.push(row);
    if (isUsable) usable.push(row);
  }
  // The training list first: it is the one that must never keep a rejected row.
  await writeFileAtomic(path.join(outDir, TRAINING_CSV_NAME), formatCsv(usable));
  await writeFileAtomic(path.join(outDir, MANIFEST_CSV_NAME), formatCsv(all));
}

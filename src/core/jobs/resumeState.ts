/**
 * What an earlier run in the same output folder already finished. The previous manifest and the
 * journal give each item's recorded output and hash; an item counts as done only when that file
 * exists now and hashes to the recorded value (a file edited or replaced since is regenerated),
 * and its source file still matches the fingerprint recorded with it (a source edited in place
 * under the same name makes its outputs stale: they are regenerated and reported).
 */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Manifest, ManifestItem } from '../../shared/manifest';
import { sha256File } from '../util/hash';
import { toPosix } from '../util/posixPath';
import { stableStringify } from '../util/stableJson';
import { readJournal, type JournalEntry } from './journal';
import { readManifest } from './manifestStore';
import { SOURCE_CHANGE_TEXT, SourceChangeCheck, type SourceChange } from './sourceFingerprint';
import { JobConfigError, type JobPlan, type PlannedItem } from './types';

/** A source edited since its recorded outputs were made: those items are regenerated. */
export interface ChangedSource {
  /** The source, relative to the output folder (as in the manifest). */
  source: string;
  change: SourceChange;
  /** Human-readable reason, e.g. "its content changed". */
  reason: string;
  /** Planned items of this source whose recorded outputs are stale, in plan order. */
  items: PlannedItem[];
}

/** Items already done, keyed by id, with the manifest record to keep (review state included). */
export interface ResumeState {
  createdAt: string | null;
  /** The earlier run's review policy; undefined when there was none or it did not record one. */
  requireReview: boolean | undefined;
  done: Map<string, ManifestItem>;
  /** Sources whose file changed since their outputs were recorded, in plan order. */
  changedSources: ChangedSource[];
}

type Recorded = Pick<ManifestItem, 'output' | 'sha256' | 'status'> &
  Partial<Omit<ManifestItem, 'output' | 'sha256' | 'status'>>;

/** The inputs an output was made from; an output counts as done only if they are unchanged. */
const IDENTITY_FIELDS = ['source', 'mask', 'target', 'seed', 'label', 'targetMask'] as const;

/** Absent and null both mean "none" (older records omit `targetMask`). */
const sameInput = (a: unknown, b: unknown): boolean => (a ?? null) === (b ?? null);

/**
 * Loads the previous state of `plan.outDir`.
 * @throws JobConfigError when the folder holds a run made with a different recipe (its outputs
 *   would silently mix with new ones) or an unreadable manifest.
 */
export async function loadResumeState(plan: JobPlan, journalPath: string): Promise<ResumeState> {
  let previous: Manifest | null = null;
  if (existsSync(plan.manifestPath)) {
    try {
      previous = await readManifest(plan.manifestPath);
    } catch (error) {
      throw new JobConfigError(
        `${(error as Error).message}\n(the output folder holds an earlier run; repair or remove its manifest)`,
        { cause: error },
      );
    }
    if (stableStringify(previous.recipe) !== stableStringify(plan.recipe)) {
      throw new JobConfigError(
        `${plan.outDir} holds a run made with a different recipe; choose another --out, or reuse that recipe with --recipe ${plan.manifestPath}`,
      );
    }
  }
  const recorded = new Map<string, Recorded>();
  for (const item of previous?.items ?? []) recorded.set(item.id, item);
  // Journal lines are newer than the manifest they follow; the review state stays the manifest's.
  for (const entry of await readJournal(journalPath)) {
    const earlier = recorded.get(entry.id);
    recorded.set(entry.id, mergeJournal(earlier, entry));
  }
  const done = new Map<string, ManifestItem>();
  const changed = new Map<string, ChangedSource>();
  const sourceCheck = new SourceChangeCheck();
  for (const item of plan.items) {
    const record = recorded.get(item.id);
    if (!record || record.status === 'failed' || record.output !== item.outputRel || !record.sha256)
      continue;
    const expected = toManifestItem(plan, item, record);
    // Same output name but other inputs (another --source into the same --out): regenerate.
    if (IDENTITY_FIELDS.some((field) => !sameInput(record[field], expected[field]))) continue;
    // Records written before fingerprints existed carry none; they are trusted as before.
    if (record.sourceFingerprint) {
      const comparison = await sourceCheck.compare(item.sourcePath, record.sourceFingerprint);
      if (comparison.change !== null) {
        const { change } = comparison;
        const entry = changed.get(expected.source) ?? {
          source: expected.source,
          change,
          reason: SOURCE_CHANGE_TEXT[change],
          items: [],
        };
        entry.items.push(item);
        changed.set(expected.source, entry);
        continue;
      }
      expected.sourceFingerprint = comparison.fingerprint;
    }
    if (await outputMatches(item, record.sha256)) done.set(item.id, expected);
  }
  return {
    createdAt: previous?.createdAt ?? null,
    requireReview: previous?.requireReview,
    done,
    changedSources: [...changed.values()],
  };
}

function mergeJournal(earlier: Recorded | undefined, entry: JournalEntry): Recorded {
  const sameOutput = earlier && earlier.sha256 === entry.sha256 && earlier.output === entry.output;
  return {
    ...entry,
    status: sameOutput ? earlier.status : entry.status,
    ...(sameOutput && earlier.review ? { review: earlier.review } : {}),
  };
}

async function outputMatches(item: PlannedItem, sha256: string): Promise<boolean> {
  try {
    // Only a regular file counts: hashing a named pipe put there would block the run forever.
    if (!(await fs.lstat(item.outputPath)).isFile()) return false;
    return (await sha256File(item.outputPath)) === sha256;
  } catch {
    return false;
  }
}

/** The manifest record of a planned item, with paths relative to the output folder. */
export function toManifestItem(
  plan: JobPlan,
  item: PlannedItem,
  record: Recorded & { error?: string | null },
): ManifestItem {
  const rel = (p: string | null): string | null =>
    p === null ? null : toPosix(path.relative(plan.outDir, p));
  return {
    id: item.id,
    source: rel(item.sourcePath) as string,
    mask: rel(item.maskPath),
    label: item.label,
    target: rel(item.targetPath),
    seed: item.seed,
    output: record.output,
    sha256: record.sha256,
    status: record.status,
    error: record.error ?? null,
    ...(record.review ? { review: record.review } : {}),
    ...(record.maskCoverage !== undefined ? { maskCoverage: record.maskCoverage } : {}),
    ...(record.maskComponents !== undefined ? { maskComponents: record.maskComponents } : {}),
    ...(record.maskAspectMismatch ? { maskAspectMismatch: record.maskAspectMismatch } : {}),
    ...(item.targetMaskPath !== null && plan.recipe.composite.fillTargetKeyRegion
      ? { targetMask: rel(item.targetMaskPath) }
      : {}),
    ...(record.sourceFingerprint ? { sourceFingerprint: record.sourceFingerprint } : {}),
    ...(record.dicom ? { dicom: record.dicom } : {}),
    ...(record.quality ? { quality: record.quality } : {}),
  };
}

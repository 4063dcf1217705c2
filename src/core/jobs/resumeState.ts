/**
 * What an earlier run in the same output folder already finished. The previous manifest and the
 * journal give each item's recorded output, hash and file state; an item counts as done only when
 * that file is still the one recorded and its source file still matches the fingerprint recorded
 * with it (a source edited in place under the same name makes its outputs stale: they are
 * regenerated and reported).
 *
 * "Still the one recorded" costs one `stat` when the output's size, modification and change time
 * match the record (`outputStat`): resuming a finished run reads none of the bytes it wrote. An
 * output whose state differs (copied, touched, edited) or that has no recorded state (older
 * manifests) is hashed and kept when the hash matches, with its new state recorded; `verify`
 * hashes every output. Checks run a few at a time, so a cold disk is kept busy.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import pLimit from 'p-limit';
import type { Manifest, ManifestItem, OutputStat } from '../../shared/manifest';
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

/** How many outputs and sources are checked at once (I/O bound: stat, and hashing when needed). */
const CHECK_CONCURRENCY = 8;

/** Options of {@link loadResumeState}. */
export interface ResumeOptions {
  /** Hash every recorded output, even those whose file state matches the record. */
  verify?: boolean;
}

/** Absent and null both mean "none" (older records omit `targetMask`). */
const sameInput = (a: unknown, b: unknown): boolean => (a ?? null) === (b ?? null);

/**
 * Loads the previous state of `plan.outDir`.
 * @throws JobConfigError when the folder holds a run made with a different recipe (its outputs
 *   would silently mix with new ones) or an unreadable manifest.
 */
export async function loadResumeState(
  plan: JobPlan,
  journalPath: string,
  options: ResumeOptions = {},
): Promise<ResumeState> {
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
  const sourceCheck = new SourceChangeCheck();
  const limit = pLimit(CHECK_CONCURRENCY);
  const verdicts = await Promise.all(
    plan.items.map((item) =>
      limit(() => checkItem(plan, item, recorded.get(item.id), sourceCheck, options.verify)),
    ),
  );
  // Collected in plan order, whatever order the checks finished in.
  const done = new Map<string, ManifestItem>();
  const changed = new Map<string, ChangedSource>();
  plan.items.forEach((item, index) => {
    const verdict = verdicts[index];
    if (verdict?.kind === 'done') done.set(item.id, verdict.record);
    if (verdict?.kind !== 'sourceChanged') return;
    const entry = changed.get(verdict.source) ?? {
      source: verdict.source,
      change: verdict.change,
      reason: SOURCE_CHANGE_TEXT[verdict.change],
      items: [],
    };
    entry.items.push(item);
    changed.set(verdict.source, entry);
  });
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

/** What resuming does with one planned item. */
type Verdict =
  | { kind: 'done'; record: ManifestItem }
  | { kind: 'sourceChanged'; source: string; change: SourceChange }
  | { kind: 'regenerate' };

async function checkItem(
  plan: JobPlan,
  item: PlannedItem,
  record: Recorded | undefined,
  sourceCheck: SourceChangeCheck,
  verify = false,
): Promise<Verdict> {
  if (!record || record.status === 'failed' || record.output !== item.outputRel || !record.sha256)
    return { kind: 'regenerate' };
  const expected = toManifestItem(plan, item, record);
  // Same output name but other inputs (another --source into the same --out): regenerate.
  if (IDENTITY_FIELDS.some((field) => !sameInput(record[field], expected[field])))
    return { kind: 'regenerate' };
  // Records written before fingerprints existed carry none; they are trusted as before.
  if (record.sourceFingerprint) {
    const comparison = await sourceCheck.compare(item.sourcePath, record.sourceFingerprint);
    if (comparison.change !== null)
      return { kind: 'sourceChanged', source: expected.source, change: comparison.change };
    expected.sourceFingerprint = comparison.fingerprint;
  }
  const outputStat = await outputStillRecorded(item, record.sha256, record.outputStat, verify);
  if (!outputStat) return { kind: 'regenerate' };
  return { kind: 'done', record: { ...expected, outputStat } };
}

/**
 * The output's current file state when it is still the recorded output, else undefined: its
 * size, modification and change time match the record (no read), or its bytes hash to the
 * recorded SHA-256.
 */
async function outputStillRecorded(
  item: PlannedItem,
  sha256: string,
  recordedStat: OutputStat | undefined,
  verify: boolean,
): Promise<OutputStat | undefined> {
  try {
    const stat = await fs.lstat(item.outputPath);
    // Only a regular file counts: hashing a named pipe put there would block the run forever.
    if (!stat.isFile()) return undefined;
    const now: OutputStat = { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs };
    if (recordedStat && now.size !== recordedStat.size) return undefined;
    const unchanged =
      recordedStat !== undefined &&
      now.mtimeMs === recordedStat.mtimeMs &&
      now.ctimeMs === recordedStat.ctimeMs;
    if (unchanged && !verify) return now;
    return (await sha256File(item.outputPath)) === sha256 ? now : undefined;
  } catch {
    return undefined;
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
    ...(record.outputStat ? { outputStat: record.outputStat } : {}),
    ...(record.dicom ? { dicom: record.dicom } : {}),
    ...(record.quality ? { quality: record.quality } : {}),
  };
}

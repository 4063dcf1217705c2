/**
 * The runner: executes a plan one item at a time, resumably and cancellably.
 * - every output is written atomically (temp file + fsync + rename) and hashed;
 * - a journal line per finished item, the manifest every few items and at the end, so a SIGKILL
 *   loses at most the item in flight;
 * - a failing item is recorded with its error and the batch goes on;
 * - only the output folder is written to (the planner refuses overlapping folders).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { JobEvent } from '../../shared/jobEvents';
import {
  MANIFEST_CSV_NAME,
  MANIFEST_SCHEMA_VERSION,
  type Manifest,
  type ManifestItem,
} from '../../shared/manifest';
import type { Engine } from '../engines/engine';
import { removeStrayTempFiles, writeFileAtomic } from '../util/atomicWrite';
import { sha256Hex } from '../util/hash';
import { TOOL_NAME, TOOL_VERSION } from '../util/toolVersion';
import { generateGroup, type GroupContext, type ItemOutcome } from './generateGroup';
import { JOURNAL_FILE_NAME, JournalWriter } from './journal';
import { writeCsv, writeManifest } from './manifestStore';
import { loadResumeState, toManifestItem } from './resumeState';
import { mergeReviewsFromDisk, stampOf, type FileStamp } from './reviewMerge';
import type { JobPlan, PlannedItem } from './types';

/** Options of {@link runJob}. */
export interface RunJobOptions {
  engine: Engine;
  signal?: AbortSignal;
  onEvent?: (event: JobEvent) => void;
  /** Model identity for the manifest (model engines); null for the composite engine. */
  model?: { id: string; sha256: string } | null;
  /**
   * Rewrite the manifest after this many finished items (default 25) or this many milliseconds
   * (default 2000), whichever comes first, but no sooner than 20 times the last write took. The
   * journal, not the manifest, is what makes a crash lose at most the item in flight.
   */
  flushEveryItems?: number;
  flushEveryMs?: number;
  /** Clock, for tests. */
  now?: () => Date;
}

/** Outcome of a run. */
export interface JobSummary {
  done: number;
  failed: number;
  skipped: number;
  cancelled: boolean;
  manifestPath: string;
  /** Failed items with their errors, in plan order. */
  failures: Array<{ id: string; source: string; error: string }>;
}

/** Runs (or resumes) a planned job. @throws JobConfigError when the output folder cannot be used. */
export async function runJob(plan: JobPlan, options: RunJobOptions): Promise<JobSummary> {
  const emit = options.onEvent ?? ((): void => undefined);
  const now = options.now ?? ((): Date => new Date());
  const flushEveryItems = options.flushEveryItems ?? 25;
  const flushEveryMs = options.flushEveryMs ?? 2000;
  const journalPath = path.join(plan.outDir, JOURNAL_FILE_NAME);
  await fs.mkdir(plan.outDir, { recursive: true });
  await removeStrayTempFiles(plan.outDir, false);
  await removeStrayTempFiles(path.join(plan.outDir, 'images'), true);

  const resume = await loadResumeState(plan, journalPath);
  const records = new Map<string, ManifestItem>(resume.done);
  const createdAt = resume.createdAt ?? now().toISOString();
  const total = plan.items.length;
  const manifestNow = (): Manifest => ({
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    createdAt,
    recipe: plan.recipe,
    model: options.model ?? null,
    inputs: plan.inputs,
    items: plan.items.flatMap((item) => records.get(item.id) ?? []),
  });
  let lastWritten: FileStamp | undefined;
  const flush = async (): Promise<void> => {
    // Decisions made in the review panel while this job runs must survive its next write.
    await mergeReviewsFromDisk(plan.manifestPath, lastWritten, records);
    const manifest = manifestNow();
    await writeManifest(plan.manifestPath, manifest);
    lastWritten = await stampOf(plan.manifestPath);
    await writeCsv(path.join(plan.outDir, MANIFEST_CSV_NAME), manifest);
  };

  emit({ type: 'planned', total, alreadyDone: resume.done.size });
  const summary: JobSummary = {
    done: 0,
    failed: 0,
    skipped: 0,
    cancelled: false,
    manifestPath: plan.manifestPath,
    failures: [],
  };
  // Write the manifest before the first item so the folder is recognisable as a run at once.
  await flush();
  const journal = await JournalWriter.open(journalPath);
  let sinceFlush = 0;
  let lastFlush = Date.now();
  let lastFlushCost = 0;
  const indexOf = new Map(plan.items.map((item, index) => [item.id, index]));
  const record = async (outcome: ItemOutcome): Promise<void> => {
    const { item } = outcome;
    const index = indexOf.get(item.id) ?? 0;
    let entry: ManifestItem;
    if (outcome.ok) {
      await writeFileAtomic(item.outputPath, outcome.bytes);
      entry = toManifestItem(plan, item, {
        output: item.outputRel,
        sha256: sha256Hex(outcome.bytes),
        status: 'pending',
        maskCoverage: outcome.maskCoverage,
        maskComponents: outcome.maskComponents,
      });
      summary.done += 1;
    } else {
      entry = toManifestItem(plan, item, {
        output: null,
        sha256: null,
        status: 'failed',
        error: outcome.error,
      });
      summary.failed += 1;
      summary.failures.push({ id: item.id, source: entry.source, error: outcome.error });
    }
    records.set(item.id, entry);
    const { review: _review, ...journalEntry } = entry;
    await journal.append(journalEntry);
    if (outcome.ok) emit({ type: 'itemDone', index, total, id: item.id, output: item.outputRel });
    else emit({ type: 'itemFailed', index, total, id: item.id, error: outcome.error });
    sinceFlush += 1;
    const elapsed = Date.now() - lastFlush;
    // A 10,000-item manifest takes ~0.2 s to write: never spend more than ~5% of the run on it.
    if (
      (sinceFlush >= flushEveryItems || elapsed >= flushEveryMs) &&
      elapsed >= 20 * lastFlushCost
    ) {
      const started = Date.now();
      await flush();
      lastFlushCost = Date.now() - started;
      sinceFlush = 0;
      lastFlush = Date.now();
    }
  };
  const groupContext: GroupContext = {
    plan,
    engine: options.engine,
    ...(options.signal ? { signal: options.signal } : {}),
    onStarted: (item) =>
      emit({ type: 'itemStarted', index: indexOf.get(item.id) ?? 0, total, id: item.id }),
    onProgress: (item, progress) => {
      const { kind, ...rest } = progress;
      emit({
        type: 'itemProgress',
        id: item.id,
        phase: kind,
        ...('step' in rest ? { step: rest.step, steps: rest.total } : {}),
      });
    },
  };
  try {
    for (const group of groupBySource(plan.items)) {
      const pending: PlannedItem[] = [];
      for (const item of group) {
        if (!resume.done.has(item.id)) pending.push(item);
        else {
          summary.skipped += 1;
          emit({
            type: 'itemSkipped',
            index: indexOf.get(item.id) ?? 0,
            total,
            id: item.id,
            reason: 'alreadyDone',
          });
        }
      }
      if (pending.length === 0) continue;
      if (options.signal?.aborted) break;
      for await (const outcome of generateGroup(pending, groupContext)) await record(outcome);
    }
  } finally {
    await journal.close();
  }
  summary.cancelled =
    options.signal?.aborted === true && summary.done + summary.failed + summary.skipped < total;
  await flush();
  // The manifest now holds everything the journal did.
  await fs.rm(journalPath, { force: true });
  emit({
    type: 'finished',
    done: summary.done,
    failed: summary.failed,
    skipped: summary.skipped,
    cancelled: summary.cancelled,
    manifest: plan.manifestPath,
  });
  return summary;
}

/** Consecutive items of the same source (the planner emits a source's k items together). */
function groupBySource(items: readonly PlannedItem[]): PlannedItem[][] {
  const groups: PlannedItem[][] = [];
  for (const item of items) {
    const last = groups[groups.length - 1];
    if (last && last[0]?.sourcePath === item.sourcePath) last.push(item);
    else groups.push([item]);
  }
  return groups;
}

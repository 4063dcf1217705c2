/**
 * The runner: executes a plan source by source, resumably and cancellably.
 * - engines that run here without a model run on a pool of threads (`jobs`), others pipelined
 *   with the inference worker (groupRunners.ts); records are committed in plan order either way;
 * - every output is written atomically (temp file + fsync + rename) and hashed;
 * - a journal line per finished item, the manifest every few items and at the end, so a SIGKILL
 *   loses at most the items in flight;
 * - a failing item is recorded with its error and the batch goes on;
 * - only the output folder is written to (the planner refuses overlapping folders);
 * - the output folder is locked for the whole run (runLock.ts): a second job, a rerun or a
 *   review compaction in the same folder is refused rather than mixed with this one.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { itemProgressEvent, type JobEvent } from '../../shared/jobEvents';
import type { ManifestItem } from '../../shared/manifest';
import { DEFAULT_REQUIRE_REVIEW } from '../../shared/usable';
import type { Engine } from '../engines/engine';
import { engineDescriptor, isEngineId, isInProcessEngine } from '../engines/registry';
import type { GroupContext } from './generateGroup';
import { decodedInputs } from './generateItem';
import { inlineRunner, pipelinedRunner, pooledRunner, type GroupRunner } from './groupRunners';
import { JOURNAL_FILE_NAME, JournalWriter } from './journal';
import { AugmentThreadPool } from './pool/threadPool';
import { loadResumeState } from './resumeState';
import { compactIfJournalGrew } from './compactDecisions';
import { RunLock } from './runLock';
import { removeRunTempFiles } from './runTempFiles';
import { RunManifest } from './runManifest';
import type { JobPlan, PlannedItem } from './types';

/** Options of {@link runJob}. */
export interface RunJobOptions {
  engine: Engine;
  signal?: AbortSignal;
  onEvent?: (event: JobEvent) => void;
  /** Model identity for the manifest (model engines); null for the composite engine. */
  model?: { id: string; sha256: string } | null;
  /**
   * Whether training may use only approved images (the manifest's `requireReview`). Default: what
   * the run being resumed recorded, else {@link DEFAULT_REQUIRE_REVIEW}.
   */
  requireReview?: boolean;
  /** How long to wait while another process holds the output folder (default 0: refuse). */
  waitForFolderMs?: number;
  /** Told once, with who holds the folder, when waiting for it begins. */
  onWaitForFolder?: (holder: string) => void;
  /**
   * Rewrite the manifest after this many finished items (default 25) or this many milliseconds
   * (default 2000), whichever comes first, as long as manifest writes stay under
   * `flushMaxShare` of the run time (default 0.05; 1 = always write when due).
   */
  flushEveryItems?: number;
  flushEveryMs?: number;
  flushMaxShare?: number;
  /**
   * Threads for engines that run in this process without a model (composite, copyBackground):
   * each creates the registry's engine for the recipe, and `engine` only names it. Given, a pool
   * of that many threads runs the groups; one thread too, since a pool thread's heap is sized for
   * image work (pool/threadHeap.ts) and this thread commits while it generates (5% faster, 9%
   * less CPU than item by item here). Left out, this thread runs them item by item (API callers
   * and tests that hand over their own engine). The CLI passes `--jobs` or the number of cores.
   * Outputs do not depend on it.
   */
  jobs?: number;
  /** On resume, hash every recorded output instead of trusting an unchanged file state. */
  verifyOutputs?: boolean;
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

/**
 * Runs (or resumes) a planned job.
 * @throws JobConfigError when the output folder cannot be used; RunFolderBusyError (a
 *   JobConfigError) when another process holds it.
 */
export async function runJob(plan: JobPlan, options: RunJobOptions): Promise<JobSummary> {
  await fs.mkdir(plan.outDir, { recursive: true });
  const lock = await RunLock.acquire(plan.outDir, 'maskmedpaint augment', {
    waitMs: options.waitForFolderMs ?? 0,
    ...(options.signal ? { signal: options.signal } : {}),
    onWait: (busy) => options.onWaitForFolder?.(busy.message),
  });
  let run: { summary: JobSummary; journalSizeFolded: number };
  try {
    run = await runLocked(plan, options);
  } finally {
    await lock.release();
  }
  // Decisions made after the last manifest write, by reviewers who found the folder busy.
  await compactIfJournalGrew(plan.manifestPath, run.journalSizeFolded);
  return run.summary;
}

/** The run itself, while this process holds the output folder. */
async function runLocked(
  plan: JobPlan,
  options: RunJobOptions,
): Promise<{ summary: JobSummary; journalSizeFolded: number }> {
  const emit = options.onEvent ?? ((): void => undefined);
  const journalPath = path.join(plan.outDir, JOURNAL_FILE_NAME);
  // Only the lock holder may do this: another live run's temporary files would be among them.
  await removeRunTempFiles(plan.outDir);

  const resume = await loadResumeState(plan, journalPath, {
    ...(options.verifyOutputs ? { verify: true } : {}),
  });
  // Kept on resume, so it also keys the derived DICOM UIDs: a resumed run writes the same bytes.
  const createdAt = resume.createdAt ?? (options.now ?? ((): Date => new Date()))().toISOString();
  const manifest = new RunManifest(
    plan,
    {
      createdAt,
      model: options.model ?? null,
      requireReview: options.requireReview ?? resume.requireReview ?? DEFAULT_REQUIRE_REVIEW,
    },
    {
      everyItems: options.flushEveryItems ?? 25,
      everyMs: options.flushEveryMs ?? 2000,
      maxShare: options.flushMaxShare ?? 0.05,
    },
    resume.done,
  );
  const total = plan.items.length;
  const indexOf = new Map(plan.items.map((item, index) => [item.id, index]));
  const plannedById = new Map(plan.items.map((item) => [item.id, item]));
  const at = (item: PlannedItem): { index: number; total: number; id: string } => ({
    index: indexOf.get(item.id) ?? 0,
    total,
    id: item.id,
  });
  const summary: JobSummary = {
    done: 0,
    failed: 0,
    skipped: 0,
    cancelled: false,
    manifestPath: plan.manifestPath,
    failures: [],
  };
  // A stale output must not outlive its record: if regenerating it fails or the run is cancelled
  // first, no image made from the old source stays in the folder.
  for (const changed of resume.changedSources) {
    for (const item of changed.items) await fs.rm(item.outputPath, { force: true });
  }
  emit({
    type: 'planned',
    total,
    alreadyDone: resume.done.size,
    ...(resume.changedSources.length > 0
      ? {
          changedSources: resume.changedSources.map(({ source, reason, items }) => ({
            source,
            reason,
            items: items.length,
          })),
        }
      : {}),
  });
  // Write the manifest before the first item so the folder is recognisable as a run at once.
  await manifest.flush();

  const groupContext: GroupContext = {
    plan,
    engine: options.engine,
    runKey: createdAt,
    decoded: decodedInputs(),
    ...(options.signal ? { signal: options.signal } : {}),
    onStarted: (item) => emit({ type: 'itemStarted', ...at(item) }),
    onProgress: (item, progress) => emit(itemProgressEvent(item.id, progress)),
  };
  const runner = groupRunnerFor(options, groupContext);
  const journal = await JournalWriter.open(journalPath);
  /** Commits one group: its skipped items, then each record, in plan order. */
  const commit = async (entry: StartedGroup): Promise<void> => {
    for (const item of entry.skipped) {
      summary.skipped += 1;
      emit({ type: 'itemSkipped', ...at(item), reason: 'alreadyDone' });
    }
    for await (const entryRecord of entry.records) {
      const { review: _review, ...journalEntry } = entryRecord;
      await journal.append(journalEntry);
      const item = plannedById.get(entryRecord.id);
      if (entryRecord.status !== 'failed') {
        summary.done += 1;
        if (item) emit({ type: 'itemDone', ...at(item), output: item.outputRel });
      } else {
        const error = entryRecord.error ?? 'failed';
        summary.failed += 1;
        summary.failures.push({ id: entryRecord.id, source: entryRecord.source, error });
        if (item) emit({ type: 'itemFailed', ...at(item), error });
      }
      await manifest.noteItem(entryRecord);
    }
  };
  const started: StartedGroup[] = [];
  try {
    for (const group of groupBySource(plan.items)) {
      const pending = group.filter((item) => !resume.done.has(item.id));
      const skipped = group.filter((item) => resume.done.has(item.id));
      const stop = pending.length > 0 && options.signal?.aborted === true;
      started.push({ skipped, records: pending.length > 0 && !stop ? runner.start(pending) : [] });
      if (stop) break;
      while (started.length > runner.lookahead) await commit(started.shift() as StartedGroup);
    }
    // Groups started before a cancel still finish and are recorded.
    while (started.length > 0) await commit(started.shift() as StartedGroup);
  } finally {
    await runner.close();
    await journal.close();
  }
  summary.cancelled =
    options.signal?.aborted === true && summary.done + summary.failed + summary.skipped < total;
  await manifest.flush();
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
  return { summary, journalSizeFolded: manifest.journalSizeFolded };
}

/** A group handed to the runner: its already-done items and its coming records. */
interface StartedGroup {
  skipped: PlannedItem[];
  records: AsyncIterable<ManifestItem> | readonly ManifestItem[];
}

/** The way to run groups for this engine and pool size (groupRunners.ts). */
function groupRunnerFor(options: RunJobOptions, context: GroupContext): GroupRunner {
  const id = options.engine.id;
  const descriptor = isEngineId(id) ? engineDescriptor(id) : undefined;
  if (descriptor?.host === 'worker') return pipelinedRunner(context);
  if (options.jobs !== undefined && isInProcessEngine(id)) {
    const jobs = Math.max(1, Math.floor(options.jobs));
    return pooledRunner(AugmentThreadPool.start(jobs), context, jobs);
  }
  return inlineRunner(context);
}

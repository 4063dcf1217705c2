/**
 * `merge`: joins the finished shards of a plan into one run folder that every reader (gallery,
 * review panel, notebook renderer, Python loaders) takes like any run. Every shard is verified
 * against the plan first (verifyShard.ts); outputs are copied atomically, each one's bytes hashed
 * against the shard's record on the way (region overlays beside them); the manifest and CSV files are written last, with the
 * merged folder's review decisions folded in. The merged folder is locked while this runs, and
 * each shard while it is read. Merging again (after rerunning failed shards) keeps what the
 * merged folder already holds for each item (its reviews, a rerun with an edited mask) and adds
 * what it lacked.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  MANIFEST_SCHEMA_VERSION,
  type Manifest,
  type ManifestItem,
  type OutputStat,
} from '../../shared/manifest';
import { compactIfJournalGrew } from '../jobs/compactDecisions';
import { foldDecisions } from '../jobs/decisionFold';
import { readDecisions } from '../jobs/decisionJournal';
import { outputStatOf } from '../jobs/itemRecord';
import { readManifest, writeCsvs, writeManifest } from '../jobs/manifestStore';
import { assertOutputApart } from '../jobs/outputOverlap';
import { toManifestItem } from '../jobs/resumeState';
import { RunLock } from '../jobs/runLock';
import { removeRunTempFiles } from '../jobs/runTempFiles';
import { JobConfigError, type JobPlan, type PlannedItem } from '../jobs/types';
import {
  pathsOverlap,
  readRegularFile,
  realPathAllowingMissing,
  writeFileConfined,
} from '../util/confinedPath';
import { sha256File, sha256Hex } from '../util/hash';
import { stableStringify } from '../util/stableJson';
import { TOOL_NAME, TOOL_VERSION } from '../util/toolVersion';
import { planPath, type LoadedPlan } from './planFile';
import { mergedJobPlan } from './planJobs';
import { planStatus } from './shardStatus';
import { verifyShard, type VerifiedItem } from './verifyShard';

/** Shards that cannot be merged yet, or results that do not match the plan. */
export class MergeError extends JobConfigError {
  constructor(
    message: string,
    readonly problems: readonly string[],
    /** Shards to run (again) before merging: missing, stopped or failed ones. */
    readonly shardsToRun: readonly number[] = [],
  ) {
    super(`${message}:\n  ${problems.join('\n  ')}`);
    this.name = 'MergeError';
  }
}

/** Outcome of a merge. */
export interface MergeSummary {
  manifestPath: string;
  items: number;
  /** Items with an output in the merged run, and failed ones. */
  generated: number;
  failed: number;
  /** Outputs copied now, and those the merged folder already held. */
  copied: number;
  kept: number;
}

/** Refuses to merge while a shard is not finished. */
async function assertShardsFinished(loaded: LoadedPlan): Promise<void> {
  const statuses = await planStatus(loaded);
  const unfinished = statuses.filter((s) => s.marker === undefined);
  if (unfinished.length === 0) return;
  throw new MergeError(
    `${unfinished.length} of ${statuses.length} shards have not finished`,
    unfinished.map((s) => `shard ${s.index}: ${s.state} (${s.detail})`),
    unfinished.filter((s) => s.state !== 'running').map((s) => s.index),
  );
}

/** The merged folder may be neither an input nor the plan's folder, nor lie in one. */
async function assertOutApart(loaded: LoadedPlan, outDir: string): Promise<void> {
  const { inputs } = loaded.plan;
  const at = (relative: string | null): string | null =>
    relative === null ? null : planPath(loaded, relative);
  await assertOutputApart(outDir, {
    folders: {
      source: at(inputs.source),
      target: at(inputs.target),
      'target masks': at(inputs.targetMasks),
      // A mask CSV is checked as a folder too: nothing may be written where it lies.
      masks: at(inputs.masks),
    },
    files: { 'labels CSV': at(inputs.labels) },
  });
  const realOut = await realPathAllowingMissing(outDir);
  const realPlan = await realPathAllowingMissing(loaded.dir);
  if (pathsOverlap(realOut, realPlan)) {
    throw new JobConfigError(
      `--out ${outDir} overlaps the plan's folder ${loaded.dir} (its shards): choose a folder apart from it`,
    );
  }
}

/** The merged folder's own records (a previous merge), when it holds a run of this plan. */
async function previousRecords(
  loaded: LoadedPlan,
  job: JobPlan,
): Promise<{ items: Map<string, ManifestItem>; requireReview: boolean | undefined }> {
  if (!existsSync(job.manifestPath)) return { items: new Map(), requireReview: undefined };
  const previous = await readManifest(job.manifestPath);
  if (
    previous.createdAt !== loaded.plan.createdAt ||
    stableStringify(previous.recipe) !== stableStringify(loaded.plan.recipe)
  ) {
    throw new JobConfigError(
      `${job.outDir} holds another run (not a merge of this plan): choose another --out`,
    );
  }
  return {
    items: new Map(previous.items.map((item) => [item.id, item])),
    requireReview: previous.requireReview,
  };
}

/**
 * True when the merged folder already holds this record's output, unchanged, and the region
 * overlay the record names.
 */
async function holdsOutput(
  job: JobPlan,
  item: PlannedItem,
  record: ManifestItem,
): Promise<boolean> {
  if (record.output !== item.outputRel || record.sha256 === null) return false;
  const regions = record.quality?.regions;
  try {
    if (!(await fs.lstat(item.outputPath)).isFile()) return false;
    if (regions !== undefined && !(await fs.lstat(mergedPath(job, regions))).isFile()) return false;
    return (await sha256File(item.outputPath)) === record.sha256;
  } catch {
    return false;
  }
}

/** The absolute path in the merged folder of a run-relative POSIX path. */
function mergedPath(job: JobPlan, relative: string): string {
  return path.join(job.outDir, ...relative.split('/'));
}

/** Merges every shard of `loaded` into `outDir`. @throws MergeError, JobConfigError. */
export async function mergeShards(loaded: LoadedPlan, outDir: string): Promise<MergeSummary> {
  await assertShardsFinished(loaded);
  await assertOutApart(loaded, outDir);
  const job = mergedJobPlan(loaded, outDir);
  await fs.mkdir(outDir, { recursive: true });
  const lock = await RunLock.acquire(outDir, 'maskmedpaint merge');
  let summary: MergeSummary;
  let journalSizeFolded: number;
  try {
    await removeRunTempFiles(outDir);
    ({ summary, journalSizeFolded } = await mergeLocked(loaded, job));
  } finally {
    await lock.release();
  }
  // Decisions made after the manifest was written, by reviewers who found the folder busy.
  await compactIfJournalGrew(job.manifestPath, journalSizeFolded);
  return summary;
}

async function mergeLocked(
  loaded: LoadedPlan,
  job: JobPlan,
): Promise<{ summary: MergeSummary; journalSizeFolded: number }> {
  const previous = await previousRecords(loaded, job);
  const records = new Map<string, ManifestItem>();
  const problems: string[] = [];
  let copied = 0;
  let kept = 0;
  const planned = new Map(job.items.map((item) => [item.id, item]));
  for (const shard of loaded.plan.shards) {
    const shardLock = await RunLock.acquire(planPath(loaded, shard.folder), 'maskmedpaint merge');
    try {
      const verified = await verifyShard(loaded, shard.index);
      problems.push(...verified.problems);
      for (const [id, found] of verified.items) {
        const item = planned.get(id);
        if (!item) continue;
        const mine = previous.items.get(id);
        if (mine && (await holdsOutput(job, item, mine))) {
          records.set(id, mine);
          kept += 1;
          continue;
        }
        const copiedStat = await copyOutput(job, found, item.outputPath, problems);
        if (copiedStat) copied += 1;
        // The file state is the merged copy's (what a later resume or merge compares), not the
        // shard file's; a failed item has none.
        const { outputStat: _shardFile, ...record } = found.record;
        records.set(
          id,
          toManifestItem(job, item, copiedStat ? { ...record, outputStat: copiedStat } : record),
        );
      }
    } finally {
      await shardLock.release();
    }
  }
  if (problems.length > 0)
    throw new MergeError('the shards do not match the plan; nothing was merged', problems);
  const decisions = await readDecisions(job.outDir);
  const items = foldDecisions(
    job.items.flatMap((item) => records.get(item.id) ?? []),
    decisions.decisions,
  ).items;
  const manifest: Manifest = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    createdAt: loaded.plan.createdAt,
    requireReview: previous.requireReview ?? loaded.plan.requireReview,
    recipe: loaded.plan.recipe,
    model: loaded.plan.model,
    inputs: job.inputs,
    items,
  };
  await writeManifest(job.manifestPath, manifest);
  await writeCsvs(job.outDir, manifest);
  const failed = items.filter((item) => item.status === 'failed').length;
  return {
    summary: {
      manifestPath: job.manifestPath,
      items: items.length,
      generated: items.length - failed,
      failed,
      copied,
      kept,
    },
    journalSizeFolded: decisions.size,
  };
}

/**
 * Copies a verified item's output into the merged folder if its bytes hash to the shard's record
 * (a mismatch is a problem: the file changed after the shard recorded it), and its region overlay
 * first, as the writer stage does, so no record names an image whose overlay is missing.
 * @returns the copy's file state, or null when nothing was copied.
 */
async function copyOutput(
  job: JobPlan,
  found: VerifiedItem,
  target: string,
  problems: string[],
): Promise<OutputStat | null> {
  if (found.output === null) return null;
  const bytes = await readRegularFile(found.output);
  if (sha256Hex(bytes) !== found.record.sha256) {
    problems.push(`item "${found.record.id}": ${found.output} changed after its shard recorded it`);
    return null;
  }
  if (problems.length > 0) return null; // nothing more is written once the merge will fail
  const regions = found.record.quality?.regions;
  if (found.regions !== null && regions !== undefined) {
    const overlay = await readRegularFile(found.regions);
    await writeFileConfined(job.outDir, mergedPath(job, regions), overlay);
  }
  return outputStatOf(await writeFileConfined(job.outDir, target, bytes));
}

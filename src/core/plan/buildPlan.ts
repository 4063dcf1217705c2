/**
 * Builds a shard plan from a planned job (planJob's items for the merged run folder): the same
 * items, seeds, targets and outputs, cut into shards of whole sources, with the hash of every
 * input, the model's identity, and paths relative to the plan's folder.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { recipeForManifest } from '../jobs/manifestModelPath';
import type { ModelIdentity } from '../jobs/modelIdentity';
import type { JobPlan, PlannedItem } from '../jobs/types';
import { relativePosix } from '../util/posixPath';
import { TOOL_NAME, TOOL_VERSION } from '../util/toolVersion';
import { combinedHash, hashFiles } from './inputHashes';
import {
  PLAN_FORMAT,
  PLAN_FORMAT_VERSION,
  SEED_RULE_TEXT,
  SHARDS_FOLDER,
  shardFolderName,
  type PlanItem,
  type ShardPlan,
  type ShardResources,
} from './planFormat';
import { splitIntoShards } from './splitShards';

/** Inputs of {@link buildPlan}. */
export interface BuildPlanOptions {
  /** The job as planned for the merged run folder (`job.outDir`). */
  job: JobPlan;
  /** The folder the plan file and the shard folders go in (absolute). */
  planDir: string;
  shards: number;
  model: ModelIdentity | null;
  /** The exported model's precision, when it records one (see modelPrecision.ts). */
  precision: string | null;
  requireReview: boolean;
  resources: ShardResources;
  createdAt: string;
}

/** The output layout every run folder uses (planJob.ts). */
const IMAGES_LAYOUT = 'images/<label>/<source subfolders>/<source stem>__k<k>.<ext>';

/**
 * The plan (not yet written). Reads and hashes every input file the items use.
 * @throws RangeError when there are fewer sources than shards.
 */
export async function buildPlan(options: BuildPlanOptions): Promise<ShardPlan> {
  const { job, planDir } = options;
  const rel = (file: string): string => relativePosix(planDir, file);
  // Manifest inputs are relative to the run folder; the plan's are relative to its own folder.
  const fromOut = (recorded: string | null | undefined): string | null =>
    recorded === null || recorded === undefined ? null : rel(path.resolve(job.outDir, recorded));
  const shardItems = splitIntoShards(job.items, options.shards);
  const item = (planned: PlannedItem): PlanItem => ({
    id: planned.id,
    k: planned.k,
    seed: planned.seed,
    label: planned.label,
    source: rel(planned.sourcePath),
    sourceKey: planned.sourceKey,
    mask: planned.maskPath === null ? null : rel(planned.maskPath),
    keyRegion: planned.keyRegion,
    target: planned.targetPath === null ? null : rel(planned.targetPath),
    targetMask: planned.targetMaskPath === null ? null : rel(planned.targetMaskPath),
    output: planned.outputRel,
    outputFormat: planned.outputFormat,
  });
  const read = job.items.flatMap((planned) =>
    [planned.sourcePath, planned.maskPath, planned.targetPath, planned.targetMaskPath].filter(
      (file): file is string => file !== null,
    ),
  );
  // A labels CSV or a mask CSV decides labels and masks as much as the images do.
  for (const csv of [job.inputs.labels, await maskCsvOf(job)]) {
    if (csv !== null) read.push(path.resolve(job.outDir, csv));
  }
  const files = await hashFiles(read, rel);
  return {
    format: PLAN_FORMAT,
    formatVersion: PLAN_FORMAT_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    createdAt: options.createdAt,
    recipe: recipeForManifest(job.recipe, planDir),
    requireReview: options.requireReview,
    model: options.model,
    execution: {
      engine: job.recipe.engine,
      provider: job.recipe.diffusion.executionProvider,
      precision: options.precision,
    },
    seedRule: { scheme: 'maskmedpaint-seed-v1', seed: job.recipe.seed, rule: SEED_RULE_TEXT },
    inputs: {
      source: fromOut(job.inputs.source) ?? '.',
      target: fromOut(job.inputs.target) ?? '.',
      masks: fromOut(job.inputs.masks),
      labels: fromOut(job.inputs.labels),
      targetMasks: fromOut(job.inputs.targetMasks),
      targetName: job.targetName,
      counts: job.inputs.counts,
      files,
      sha256: combinedHash(files),
    },
    layout: { out: rel(job.outDir), images: IMAGES_LAYOUT },
    resources: options.resources,
    shards: shardItems.map((items, index) => ({
      index,
      folder: `${SHARDS_FOLDER}/${shardFolderName(index, options.shards)}`,
      items: items.map(item),
    })),
  };
}

/** The mask CSV a job reads (recorded as `inputs.masks` instead of a folder), else null. */
async function maskCsvOf(job: JobPlan): Promise<string | null> {
  const masks = job.inputs.masks;
  if (masks === null) return null;
  const stats = await fs.stat(path.resolve(job.outDir, masks)).catch(() => null);
  return stats?.isFile() ? masks : null;
}

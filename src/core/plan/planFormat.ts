/**
 * The shard plan (`maskmedpaint-plan.json`): one augmentation run split into shards that a
 * cluster scheduler (a Slurm array, Ray tasks) runs anywhere, and that `merge` joins into one run
 * folder. It fixes everything the outputs depend on, so the same items give the same bytes in
 * one process or in any number of shards. JSON Schema: schema/plan.schema.json. Paths are POSIX
 * and relative to the plan file's folder, except `output`, which is relative to a run folder (a
 * shard's, or the merged one: the layout inside both is the same).
 */
import type { ManifestInputs } from '../../shared/manifest';
import type { ExecutionProviderPreference, Recipe } from '../../shared/recipe';
import { JobConfigError, type KeyRegionPolicy, type OutputFormat } from '../jobs/types';

/** The value of `format`, so a plan is never mistaken for a manifest or a recipe. */
export const PLAN_FORMAT = 'maskmedpaint-shard-plan';
export const PLAN_FORMAT_VERSION = 1;
/** The plan file's name inside the plan folder. */
export const PLAN_FILE_NAME = 'maskmedpaint-plan.json';
/** The completion marker a shard run leaves in its folder when every item was attempted. */
export const SHARD_MARKER_FILE_NAME = '.maskmedpaint-shard.json';
/** Folder of the shard run folders inside the plan folder. */
export const SHARDS_FOLDER = 'shards';

/** One item of a shard: a planned item with its paths relative to the plan's folder. */
export interface PlanItem {
  id: string;
  k: number;
  seed: number;
  label: string;
  source: string;
  /** The source relative to the source folder: the seed's key. */
  sourceKey: string;
  mask: string | null;
  keyRegion: KeyRegionPolicy;
  target: string | null;
  targetMask: string | null;
  /** Expected output, relative to the run folder (`images/<label>/.../<stem>__k<k>.<ext>`). */
  output: string;
  outputFormat: OutputFormat;
}

/** One shard: whole sources (all k augmentations of a source stay together), in plan order. */
export interface PlanShard {
  index: number;
  /** The shard's run folder, relative to the plan's folder. */
  folder: string;
  items: PlanItem[];
}

/** What each shard asks of the scheduler (Slurm `--gres`/`--cpus-per-task`/`--mem`, Ray options). */
export interface ShardResources {
  gpus: number;
  cpus: number;
  /** Memory per shard in MiB; null = the scheduler's default. */
  memoryMb: number | null;
}

/** The input folders and the hash of every input file the items use. */
export interface PlanInputs extends Omit<ManifestInputs, 'targetMasks'> {
  targetMasks: string | null;
  /** The target folder's name, the `{target}` of prompts. */
  targetName: string;
  /** SHA-256 of every source, mask, target, target mask and CSV the plan reads, by path. */
  files: Record<string, string>;
  /** SHA-256 of the sorted `"<path> <sha256>"` lines of `files`: one value for all inputs. */
  sha256: string;
}

/** The plan file. */
export interface ShardPlan {
  format: typeof PLAN_FORMAT;
  formatVersion: typeof PLAN_FORMAT_VERSION;
  tool: { name: 'maskmedpaint'; version: string };
  /** When the plan was made; every shard and the merged manifest record it as `createdAt`. */
  createdAt: string;
  /** The complete recipe (`diffusion.model` relative to the plan's folder when it is a path). */
  recipe: Recipe;
  requireReview: boolean;
  /** The model's identity (manifest `model`): id and content hash; null for engines without one. */
  model: { id: string; sha256: string } | null;
  execution: {
    engine: string;
    provider: ExecutionProviderPreference;
    /** The exported model's precision (`fp32`, `fp16`, `fp16-compute`) when it records one. */
    precision: string | null;
  };
  /** How each item's seed and target were chosen (docs/manifest.md, "Seeds and target choice"). */
  seedRule: { scheme: 'maskmedpaint-seed-v1'; seed: number; rule: string };
  inputs: PlanInputs;
  layout: {
    /** The merged run folder (merge's default --out), relative to the plan's folder. */
    out: string;
    /** Where each shard's outputs go inside its run folder (the same as in the merged run). */
    images: string;
  };
  resources: ShardResources;
  shards: PlanShard[];
}

/** A plan that cannot be read or used (exit code 2); `problems` name the JSON path of each. */
export class PlanError extends JobConfigError {
  constructor(
    readonly planPath: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid plan ${planPath}:\n  ${problems.join('\n  ')}`);
    this.name = 'PlanError';
  }
}

/** The seed rule as the plan spells it out for readers without this code. */
export const SEED_RULE_TEXT =
  'item seed = first 4 bytes (big-endian) of SHA-256("maskmedpaint-seed-v1\\n<recipe seed>\\n<sourceKey>\\n<k>"); ' +
  'target = targets (sorted by relative path)[seed mod n], the next unused one when a previous k of the same source took it';

/** The folder name of shard `index` among `count` (zero-padded so folders sort in order). */
export function shardFolderName(index: number, count: number): string {
  return `shard-${String(index).padStart(Math.max(3, String(count - 1).length), '0')}`;
}

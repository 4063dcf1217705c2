/**
 * Turns plan items back into the runner's planned items, for a shard's run folder or for the
 * merged one. Nothing is re-scanned or re-planned: the plan's items, seeds, targets and output
 * names are used as written, so every shard does exactly the work the plan promised.
 */
import * as path from 'node:path';
import { MANIFEST_FILE_NAME } from '../../shared/manifest';
import type { JobPlan, PlannedItem } from '../jobs/types';
import { relativePosix } from '../util/posixPath';
import { planPath, shardFolder, type LoadedPlan } from './planFile';
import type { PlanItem } from './planFormat';

/** The planned item of a plan item whose run folder is `outDir`. */
export function plannedItem(loaded: LoadedPlan, outDir: string, item: PlanItem): PlannedItem {
  const at = (relative: string | null): string | null =>
    relative === null ? null : planPath(loaded, relative);
  return {
    id: item.id,
    k: item.k,
    seed: item.seed,
    label: item.label,
    sourcePath: planPath(loaded, item.source),
    sourceKey: item.sourceKey,
    maskPath: at(item.mask),
    keyRegion: item.keyRegion,
    targetPath: at(item.target),
    targetMaskPath: at(item.targetMask),
    outputPath: path.join(outDir, ...item.output.split('/')),
    outputFormat: item.outputFormat,
    outputRel: item.output,
  };
}

/** A job over `items` of the plan, run (or merged) in `outDir`. */
export function jobPlanFor(
  loaded: LoadedPlan,
  outDir: string,
  items: readonly PlanItem[],
): JobPlan {
  const { plan } = loaded;
  const fromPlan = (relative: string | null): string | null =>
    relative === null ? null : relativePosix(outDir, planPath(loaded, relative));
  const sources = new Set(items.map((item) => item.source)).size;
  return {
    outDir,
    manifestPath: path.join(outDir, MANIFEST_FILE_NAME),
    recipe: plan.recipe,
    targetName: plan.inputs.targetName,
    inputs: {
      source: fromPlan(plan.inputs.source) ?? '.',
      target: fromPlan(plan.inputs.target) ?? '.',
      masks: fromPlan(plan.inputs.masks),
      labels: fromPlan(plan.inputs.labels),
      targetMasks: fromPlan(plan.inputs.targetMasks),
      // A shard's manifest counts its own sources; the merged one those of the whole plan.
      counts: { ...plan.inputs.counts, sources },
    },
    items: items.map((item) => plannedItem(loaded, outDir, item)),
  };
}

/** The job of shard `index`, in its own run folder. */
export function shardJobPlan(loaded: LoadedPlan, index: number): JobPlan {
  const folder = shardFolder(loaded, index);
  return jobPlanFor(loaded, folder, loaded.plan.shards[index]?.items ?? []);
}

/** The whole plan as one job in `outDir` (the merged run). */
export function mergedJobPlan(loaded: LoadedPlan, outDir: string): JobPlan {
  return jobPlanFor(
    loaded,
    outDir,
    loaded.plan.shards.flatMap((shard) => shard.items),
  );
}

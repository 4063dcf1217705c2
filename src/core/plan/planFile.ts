/**
 * Writing and reading the plan file. Writes are atomic and deterministic and never replace an
 * existing plan (its shards may already be running); reads validate (planSchema.ts) and give the
 * plan's id, the SHA-256 of the file's bytes, which every shard's completion marker records so a
 * shard finished for another plan is never taken for one of this plan.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { recipeFromManifest } from '../jobs/manifestModelPath';
import { writeFileAtomic } from '../util/atomicWrite';
import { readRegularFile } from '../util/confinedPath';
import { sha256Hex } from '../util/hash';
import { stableStringify } from '../util/stableJson';
import { PlanError, type ShardPlan } from './planFormat';
import { planProblems } from './planSchema';

/** A plan as read: the file, its folder, its id, and the plan with its model path usable again. */
export interface LoadedPlan {
  /** The plan file, absolute. */
  path: string;
  /** Its folder, absolute: the base of every path in the plan. */
  dir: string;
  /** SHA-256 (hex) of the file's bytes. */
  id: string;
  plan: ShardPlan;
}

/**
 * Writes `plan` to `planPath`, creating its folder.
 * @throws PlanError when a file already exists there.
 */
export async function writePlanFile(planPath: string, plan: ShardPlan): Promise<string> {
  const problems = planProblems(plan);
  if (problems.length > 0) throw new PlanError(planPath, problems);
  if (await fs.lstat(planPath).catch(() => null)) {
    throw new PlanError(planPath, [
      'a plan already exists there (its shards may be running): choose another --plan-dir, or delete it and its shards',
    ]);
  }
  await fs.mkdir(path.dirname(planPath), { recursive: true });
  const text = stableStringify(plan);
  await writeFileAtomic(planPath, text);
  return sha256Hex(text);
}

/** Reads and validates a plan file. @throws PlanError naming each problem's JSON path. */
export async function readPlanFile(planPath: string): Promise<LoadedPlan> {
  const absolute = path.resolve(planPath);
  let bytes: Buffer;
  try {
    // A regular file only: a named pipe at this path would block the read forever.
    bytes = await readRegularFile(absolute);
  } catch (error) {
    throw new PlanError(absolute, [`cannot read the file (${(error as Error).message})`]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new PlanError(absolute, [`not valid JSON (${(error as Error).message})`]);
  }
  const problems = planProblems(parsed);
  if (problems.length > 0) throw new PlanError(absolute, problems);
  const plan = parsed as ShardPlan;
  const dir = path.dirname(absolute);
  return {
    path: absolute,
    dir,
    id: sha256Hex(bytes),
    plan: { ...plan, recipe: recipeFromManifest(plan.recipe, dir) },
  };
}

/** An absolute path for a path the plan records (relative to its folder). */
export function planPath(loaded: LoadedPlan, relative: string): string {
  return path.resolve(loaded.dir, ...relative.split('/'));
}

/** The run folder of shard `index`, absolute. @throws PlanError for an index the plan lacks. */
export function shardFolder(loaded: LoadedPlan, index: number): string {
  const shard = loaded.plan.shards[index];
  if (!shard) {
    throw new PlanError(loaded.path, [
      `no shard ${index}: the plan has shards 0..${loaded.plan.shards.length - 1}`,
    ]);
  }
  return planPath(loaded, shard.folder);
}

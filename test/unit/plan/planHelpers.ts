/**
 * In-process shard plans for tests: plan a small dataset, write the plan, run shards with the
 * composite engine exactly as `augment --plan P --shard I` does (the plan's creation time keys
 * the run; the completion marker at the end), and compare run folders.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import type { Manifest } from '../../../src/shared/manifest';
import type { Recipe } from '../../../src/shared/recipe';
import { createEngine } from '../../../src/core/engines/createEngine';
import { runJob, type JobSummary } from '../../../src/core/jobs/runJob';
import { buildPlan } from '../../../src/core/plan/buildPlan';
import { readPlanFile, writePlanFile, type LoadedPlan } from '../../../src/core/plan/planFile';
import { PLAN_FILE_NAME } from '../../../src/core/plan/planFormat';
import { shardJobPlan } from '../../../src/core/plan/planJobs';
import { writeShardMarker } from '../../../src/core/plan/shardMarker';
import { hashTree, type TestDataset } from '../jobs/helpers/makeDataset';
import { planFor, testRecipe } from '../jobs/helpers/runHelpers';

/** Plans `dataset` for the merged folder `out` in `shards` shards and writes it in `planDir`. */
export async function writeTestPlan(
  dataset: TestDataset,
  out: string,
  planDir: string,
  shards: number,
  recipe: Recipe = testRecipe(),
): Promise<LoadedPlan> {
  const job = await planFor(dataset, out, recipe);
  const plan = await buildPlan({
    job,
    planDir,
    shards,
    model: null,
    precision: null,
    requireReview: true,
    resources: { gpus: 0, cpus: 1, memoryMb: null },
    createdAt: '2026-01-02T03:04:05.000Z',
  });
  await writePlanFile(path.join(planDir, PLAN_FILE_NAME), plan);
  return readPlanFile(path.join(planDir, PLAN_FILE_NAME));
}

/** Runs shard `index` as the CLI does, leaving its completion marker. */
export async function runTestShard(loaded: LoadedPlan, index: number): Promise<JobSummary> {
  const job = shardJobPlan(loaded, index);
  const summary = await runJob(job, {
    engine: await createEngine(job.recipe),
    model: loaded.plan.model,
    requireReview: loaded.plan.requireReview,
    now: () => new Date(loaded.plan.createdAt),
  });
  await writeShardMarker(job.outDir, {
    format: 'maskmedpaint-shard-done',
    planId: loaded.id,
    shard: index,
    items: job.items.length,
    generated: job.items.length - summary.failed,
    failed: summary.failed,
    finishedAt: new Date().toISOString(),
  });
  return summary;
}

/**
 * The manifest of a run folder without what two runs of the same items may differ in: `createdAt`,
 * and each output's file state (`outputStat`: size and times of that file on this disk).
 */
export function manifestWithoutTime(dir: string): Omit<Manifest, 'createdAt'> {
  const { createdAt: _createdAt, ...rest } = JSON.parse(
    readFileSync(path.join(dir, 'maskmedpaint.json'), 'utf8'),
  ) as Manifest;
  return { ...rest, items: rest.items.map(({ outputStat: _fileState, ...item }) => item) };
}

/**
 * Asserts that two run folders hold the same files with the same bytes (images, overlays, CSV
 * files), and manifests equal but for `createdAt` and the outputs' file states.
 */
export function assertSameRun(actual: string, expected: string): void {
  const strip = (tree: Map<string, string>): Map<string, string> =>
    new Map([...tree].filter(([file]) => file !== 'maskmedpaint.json'));
  assert.deepEqual(strip(hashTree(actual)), strip(hashTree(expected)));
  assert.deepEqual(manifestWithoutTime(actual), manifestWithoutTime(expected));
}

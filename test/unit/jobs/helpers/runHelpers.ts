/** In-process job runs for tests: scan, plan, run with the composite engine, collect events. */
import type { JobEvent } from '../../../../src/shared/jobEvents';
import type { Manifest, ManifestItem } from '../../../../src/shared/manifest';
import type { Recipe } from '../../../../src/shared/recipe';
import { scanSource } from '../../../../src/core/dataset/scanSource';
import { scanTargets } from '../../../../src/core/dataset/scanTargets';
import { createEngine } from '../../../../src/core/engines/createEngine';
import { planJob } from '../../../../src/core/jobs/planJob';
import { runJob, type JobSummary, type RunJobOptions } from '../../../../src/core/jobs/runJob';
import type { JobPlan } from '../../../../src/core/jobs/types';
import { resolveRecipe } from '../../../../src/core/recipe/resolveRecipe';
import type { TestDataset } from './makeDataset';

/** A small, fast recipe: two augmentations per image, alpha seam. */
export function testRecipe(overrides: Parameters<typeof resolveRecipe>[1] = {}): Recipe {
  return resolveRecipe('custom', { perImage: 2, composite: { blend: 'alpha' }, ...overrides });
}

export async function planFor(
  dataset: TestDataset,
  outDir: string,
  recipe: Recipe = testRecipe(),
): Promise<JobPlan> {
  const source = await scanSource(dataset.source, { masksDir: dataset.masks });
  const targets = await scanTargets(dataset.target);
  return await planJob({ source, targets, recipe, outDir });
}

export async function runPlan(
  plan: JobPlan,
  options: Partial<RunJobOptions> = {},
): Promise<{ summary: JobSummary; events: JobEvent[] }> {
  const events: JobEvent[] = [];
  const engine = await createEngine(plan.recipe);
  const summary = await runJob(plan, {
    engine,
    ...options,
    onEvent: (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
  });
  return { summary, events };
}

/** An item without its output's file state (`outputStat`: times of this run's writes). */
export function withoutOutputStat(item: ManifestItem): Omit<ManifestItem, 'outputStat'> {
  const { outputStat: _outputStat, ...rest } = item;
  return rest;
}

/**
 * A manifest without what differs between two runs of the same plan: when it was made and when
 * its outputs were written (the images and everything else are byte-identical).
 */
export function withoutRunTimes(manifest: Manifest): unknown {
  const { createdAt: _createdAt, items, ...rest } = manifest;
  return { ...rest, items: items.map(withoutOutputStat) };
}

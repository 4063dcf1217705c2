/**
 * `maskmedpaint plan`: the first half of `augment` (resolve, scan, check, plan) for the merged
 * run folder, cut into shards and written as a plan file, with the Slurm scripts when asked.
 * Nothing is generated and nothing is written in `--out`.
 */
import { chmod, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { MANIFEST_FILE_NAME } from '../../shared/manifest';
import { DEFAULT_REQUIRE_REVIEW } from '../../shared/usable';
import { runsModel } from '../../core/engines/registry';
import { defaultModelHashCache } from '../../core/jobs/modelHashCache';
import { identifyModel } from '../../core/jobs/modelIdentity';
import { assertOutputApart } from '../../core/jobs/outputOverlap';
import { JobConfigError, type JobPlan } from '../../core/jobs/types';
import { buildPlan } from '../../core/plan/buildPlan';
import { modelPrecision } from '../../core/plan/modelPrecision';
import { writePlanFile } from '../../core/plan/planFile';
import { PLAN_FILE_NAME, type ShardResources } from '../../core/plan/planFormat';
import { slurmScripts, type SlurmOptions } from '../../core/plan/slurmScripts';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { pathsOverlap, realPathAllowingMissing } from '../../core/util/confinedPath';
import { isFile } from '../../core/util/isFile';
import { cliEngineWiring } from '../engineWiring';
import { UsageError } from '../exitCodes';
import { prepareRun, resolveRun, type AugmentInputs, type CliStreams } from '../prepareAugment';
import { tty } from '../terminalText';

/** What `plan` adds to the options of a run. */
export interface PlanSettings {
  shards: number;
  /** Where the plan, the shards and the scripts go; default `<out>-plan`. */
  planDir?: string;
  gpus?: number;
  cpus: number;
  memoryMb?: number;
  /** Write the Slurm scripts, with these settings. */
  slurm?: Omit<SlurmOptions, 'planPath' | 'planId' | 'resources'>;
}

/** What was written. */
export interface WrittenPlan {
  planPath: string;
  planDir: string;
  out: string;
  shards: number;
  items: number;
  /** The Slurm submission script, when written. */
  submitScript?: string;
}

/** The plan's folder may neither be an input nor hold one, nor overlap the merged run folder. */
async function checkPlanDir(planDir: string, job: JobPlan): Promise<void> {
  const at = (recorded: string | null | undefined): string | null =>
    recorded === null || recorded === undefined ? null : path.resolve(job.outDir, recorded);
  try {
    await assertOutputApart(planDir, {
      folders: {
        source: at(job.inputs.source),
        target: at(job.inputs.target),
        masks: at(job.inputs.masks),
        'target masks': at(job.inputs.targetMasks),
      },
      files: { 'labels CSV': at(job.inputs.labels) },
    });
  } catch (error) {
    // The check speaks of the output folder as --out; here it is the plan folder.
    if (!(error instanceof JobConfigError)) throw error;
    throw new UsageError(error.message.replace(/^--out /, '--plan-dir '));
  }
  const [realPlan, realOut] = await Promise.all([
    realPathAllowingMissing(planDir),
    realPathAllowingMissing(job.outDir),
  ]);
  if (pathsOverlap(realPlan, realOut)) {
    throw new UsageError(
      `--plan-dir ${planDir} and --out ${job.outDir} overlap: the shards and the merged run need folders apart`,
    );
  }
}

/** GPUs per shard: one for an engine that runs a model off the CPU, else none. */
function defaultGpus(job: JobPlan): number {
  const provider = job.recipe.diffusion.executionProvider;
  return runsModel(job.recipe.engine) && provider !== 'cpu' ? 1 : 0;
}

/** Plans `inputs` in `settings.shards` shards and writes the plan (and scripts). */
export async function writePlan(
  inputs: AugmentInputs,
  settings: PlanSettings,
  streams: CliStreams,
): Promise<WrittenPlan> {
  const resolved = resolveRun(inputs, streams.stderr);
  const wiring = cliEngineWiring((message) => streams.stderr.write(tty`${message}\n`));
  let prepared;
  try {
    prepared = await prepareRun(resolved, inputs, wiring, streams.stderr);
  } finally {
    await wiring.dispose();
  }
  const job = prepared.plan;
  if (await isFile(path.join(job.outDir, MANIFEST_FILE_NAME))) {
    throw new UsageError(
      `${job.outDir} already holds a run; plan into a new --out (the merge writes the run there)`,
    );
  }
  const planDir = path.resolve(settings.planDir ?? `${job.outDir}-plan`);
  await checkPlanDir(planDir, job);
  const resources: ShardResources = {
    gpus: settings.gpus ?? defaultGpus(job),
    cpus: settings.cpus,
    memoryMb: settings.memoryMb ?? null,
  };
  let plan;
  try {
    plan = await buildPlan({
      job,
      planDir,
      shards: settings.shards,
      model: await identifyModel(prepared.selection.model, defaultModelHashCache()),
      precision: await modelPrecision(prepared.selection.model?.path),
      requireReview: inputs.requireReview ?? DEFAULT_REQUIRE_REVIEW,
      resources,
      createdAt: new Date().toISOString(),
    });
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`--shards: ${error.message}`);
    throw error;
  }
  const planPath = path.join(planDir, PLAN_FILE_NAME);
  const slurm = settings.slurm ? { ...settings.slurm, planPath, resources } : undefined;
  // Checked before the plan is written, so a value an #SBATCH line cannot hold leaves nothing.
  if (slurm) slurmScripts({ ...slurm, planId: '' });
  const planId = await writePlanFile(planPath, plan);
  const written: WrittenPlan = {
    planPath,
    planDir,
    out: job.outDir,
    shards: plan.shards.length,
    items: job.items.length,
  };
  if (slurm) {
    const slurmDir = path.join(planDir, 'slurm');
    await mkdir(slurmDir, { recursive: true });
    for (const [name, text] of Object.entries(slurmScripts({ ...slurm, planId }))) {
      const file = path.join(slurmDir, name);
      await writeFileAtomic(file, text);
      await chmod(file, 0o755);
    }
    written.submitScript = path.join(slurmDir, 'submit.sh');
  }
  return written;
}

/**
 * Runs one shard of a plan (`augment --plan P --shard I`) like any run, in the shard's own folder:
 * the same runner (resumable, locked, atomic), the plan's items, recipe and creation time, after
 * checking that the inputs and the model are still those the plan hashed. A completion marker is
 * left when every item was attempted; it is removed as soon as a later run holds the folder.
 */
import { existsSync, rmSync } from 'node:fs';
import type { JobEvent } from '../../shared/jobEvents';
import { selectEngine } from '../../core/engines/createEngine';
import { readManifest } from '../../core/jobs/manifestStore';
import { defaultModelHashCache } from '../../core/jobs/modelHashCache';
import { identifyModel } from '../../core/jobs/modelIdentity';
import { defaultJobs } from '../../core/jobs/pool/threadPool';
import { runJob, type JobSummary } from '../../core/jobs/runJob';
import { JobConfigError, type JobPlan } from '../../core/jobs/types';
import { changedInputs } from '../../core/plan/checkInputs';
import { readPlanFile, shardFolder, type LoadedPlan } from '../../core/plan/planFile';
import { shardJobPlan } from '../../core/plan/planJobs';
import { markerPath, writeShardMarker } from '../../core/plan/shardMarker';
import { stableStringify } from '../../core/util/stableJson';
import { cliEngineWiring } from '../engineWiring';
import { EXIT_CANCELLED, EXIT_ITEMS_FAILED, EXIT_OK, UsageError } from '../exitCodes';
import { preflight } from '../diffusionChecks';
import type { CliStreams } from '../prepareAugment';
import { jsonReporter, lineReporter } from '../progress';
import { startSelected } from '../runAugment';
import { onStdoutClosed } from '../stdoutClosed';
import { tty } from '../terminalText';
import type { ShardRequest } from './shardOptions';

/** Refuses a shard whose inputs changed, or whose folder holds another plan's run. */
async function checkShard(loaded: LoadedPlan, index: number, job: JobPlan): Promise<void> {
  const changed = await changedInputs(loaded, index);
  if (changed.length > 0) {
    const list = changed.slice(0, 10).map((c) => `${c.file}: ${c.reason}`);
    if (changed.length > 10) list.push(`... (${changed.length - 10} more)`);
    throw new UsageError(
      `shard ${index}: ${changed.length} input(s) differ from the plan ${loaded.path}:\n  ${list.join('\n  ')}\n` +
        'make a new plan (maskmedpaint plan) for the inputs as they are now',
    );
  }
  if (!existsSync(job.manifestPath)) return;
  const previous = await readManifest(job.manifestPath);
  if (previous.createdAt !== loaded.plan.createdAt) {
    throw new JobConfigError(
      `${job.outDir} holds a run of another plan (created ${previous.createdAt}); delete that folder or plan into another --plan-dir`,
    );
  }
}

/** The model the shard would run must be the one the plan hashed. */
function checkModel(loaded: LoadedPlan, found: { id: string; sha256: string } | null): void {
  if (stableStringify(found) === stableStringify(loaded.plan.model)) return;
  throw new UsageError(
    `the model here (${found ? `${found.id}, sha256 ${found.sha256}` : 'none'}) is not the plan's ` +
      `(${loaded.plan.model ? `${loaded.plan.model.id}, sha256 ${loaded.plan.model.sha256}` : 'none'})`,
  );
}

/** Runs the shard a request names; resolves to the exit code. Configuration errors throw. */
export async function runShard(
  request: ShardRequest,
  streams: CliStreams,
  signal: AbortSignal,
): Promise<number> {
  const loaded = await readPlanFile(request.plan);
  const index = request.shard;
  const folder = shardFolder(loaded, index);
  const job = shardJobPlan(loaded, index);
  await checkShard(loaded, index, job);
  const wiring = cliEngineWiring((message) => streams.stderr.write(tty`${message}\n`));
  let summary: JobSummary;
  try {
    const selection = await selectEngine(job.recipe, wiring.context);
    checkModel(loaded, await identifyModel(selection.model, defaultModelHashCache()));
    await preflight(job.recipe, job.items, selection.model?.path, streams.stderr);
    const engine = await startSelected(selection, job.recipe, wiring);
    const report = request.json ? jsonReporter(streams.stdout) : lineReporter(streams.stderr);
    try {
      summary = await runJob(job, {
        engine,
        model: loaded.plan.model,
        requireReview: loaded.plan.requireReview,
        // The plan's time keys the run (DICOM UIDs are derived from it): every shard the same.
        now: () => new Date(loaded.plan.createdAt),
        waitForFolderMs: request.waitSeconds * 1000,
        // As for `augment`: threads for the CPU engines; the outputs do not depend on it.
        jobs: request.jobs ?? defaultJobs(),
        ...(request.verify ? { verifyOutputs: true } : {}),
        onEvent: (event: JobEvent) => {
          // `planned` comes once this run holds the folder: from now on the shard is not done.
          if (event.type === 'planned') rmSync(markerPath(folder), { force: true });
          report(event);
        },
        signal,
      });
    } finally {
      await engine.dispose?.();
    }
  } finally {
    await wiring.dispose();
  }
  if (!summary.cancelled) {
    await writeShardMarker(folder, {
      format: 'maskmedpaint-shard-done',
      planId: loaded.id,
      shard: index,
      items: job.items.length,
      generated: job.items.length - summary.failed,
      failed: summary.failed,
      finishedAt: new Date().toISOString(),
    });
  }
  if (!request.json) {
    streams.stdout.write(
      `Shard ${index} of ${loaded.plan.shards.length} ${summary.cancelled ? 'cancelled' : 'finished'}: ` +
        `${summary.done} generated, ${summary.failed} failed, ${summary.skipped} already done\n` +
        tty`Folder:   ${folder}\n` +
        tty`Progress: maskmedpaint status --plan ${loaded.path}\n`,
    );
  }
  if (summary.cancelled) return EXIT_CANCELLED;
  return summary.failed > 0 ? EXIT_ITEMS_FAILED : EXIT_OK;
}

/**
 * {@link runShard} for the command line: Ctrl+C, and the SIGTERM a scheduler sends at a job's time
 * limit or on `scancel`, stop after the image in flight, so the manifest is written, the folder's
 * lock released and the next submission resumes; a second signal stops at once.
 */
export async function runShardCommand(request: ShardRequest): Promise<void> {
  const controller = new AbortController();
  const onSignal = (signalName: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(EXIT_CANCELLED);
    process.stderr.write(`\n${signalName}: stopping after the current image (rerun to resume)\n`);
    controller.abort();
  };
  const stopWatchingStdout = onStdoutClosed(() => controller.abort());
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    process.exitCode = await runShard(
      request,
      { stdout: process.stdout, stderr: process.stderr },
      controller.signal,
    );
  } finally {
    stopWatchingStdout();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

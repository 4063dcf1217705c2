/**
 * The augmentation run behind `augment` and `demo`: resolve, scan and plan (prepareAugment.ts),
 * create the engine, run with progress, print a summary. Returns the exit code.
 */
import * as path from 'node:path';
import { MANIFEST_CSV_NAME, TRAINING_CSV_NAME } from '../shared/manifest';
import { noteBurnedInAnnotation } from './burnedInNote';
import { noteUnusable } from './reviewNotes';
import type { Recipe } from '../shared/recipe';
import {
  EngineModelError,
  EngineUnavailableError,
  type EngineSelection,
  startEngine,
} from '../core/engines/createEngine';
import type { Engine } from '../core/engines/engine';
import { defaultModelHashCache } from '../core/jobs/modelHashCache';
import { identifyModel } from '../core/jobs/modelIdentity';
import { defaultJobs } from '../core/jobs/pool/threadPool';
import { runJob, type JobSummary } from '../core/jobs/runJob';
import { cliEngineWiring, type EngineWiring } from './engineWiring';
import { EXIT_CANCELLED, EXIT_ITEMS_FAILED, EXIT_OK, UsageError } from './exitCodes';
import {
  prepareRun,
  resolveRun,
  type AugmentInputs,
  type CliStreams,
  type ResolvedRun,
} from './prepareAugment';
import { barReporter, jsonReporter, lineReporter, type ProgressReporter } from './progress';
import { tty } from './terminalText';

export type { AugmentInputs, CliStreams } from './prepareAugment';

function reporterFor(inputs: AugmentInputs, streams: CliStreams): ProgressReporter {
  if (inputs.json) return jsonReporter(streams.stdout);
  return streams.stderr.isTTY ? barReporter(streams.stderr) : lineReporter(streams.stderr);
}

function printSummary(
  summary: JobSummary,
  outDir: string,
  seconds: number,
  stdout: NodeJS.WritableStream,
): void {
  const lines = [
    `${summary.cancelled ? 'Cancelled' : 'Finished'}: ${summary.done} generated, ${summary.failed} failed, ` +
      `${summary.skipped} already done (${seconds.toFixed(1)} s)`,
    tty`Images:   ${path.join(outDir, 'images')}`,
    tty`Manifest: ${summary.manifestPath}`,
    tty`CSV:      ${path.join(outDir, MANIFEST_CSV_NAME)} (training: ${TRAINING_CSV_NAME})`,
  ];
  if (summary.failures.length > 0) {
    lines.push('Failed items:');
    for (const failure of summary.failures)
      lines.push(tty`  ${failure.id} (${failure.source}): ${failure.error}`);
  }
  stdout.write(lines.join('\n') + '\n');
}

/**
 * Starts the selected engine (loading and checking its model where it runs), so a model that
 * cannot be used stops the run before any output folder or manifest exists.
 */
export async function startSelected(
  selection: EngineSelection,
  recipe: Recipe,
  wiring: EngineWiring,
): Promise<Engine> {
  try {
    return await startEngine(selection, recipe, wiring.context);
  } catch (error) {
    if (error instanceof EngineUnavailableError || error instanceof EngineModelError) throw error;
    throw new UsageError(`cannot start engine "${recipe.engine}": ${(error as Error).message}`);
  }
}

/** Runs an augmentation; resolves to the process exit code. Configuration errors throw. */
export async function runAugment(
  inputs: AugmentInputs,
  streams: CliStreams,
  signal?: AbortSignal,
): Promise<number> {
  const resolved = resolveRun(inputs, streams.stderr);
  const wiring = cliEngineWiring((message) => streams.stderr.write(tty`${message}\n`));
  try {
    return await runWith(wiring, resolved, inputs, streams, signal);
  } finally {
    await wiring.dispose();
  }
}

async function runWith(
  wiring: EngineWiring,
  resolved: ResolvedRun,
  inputs: AugmentInputs,
  streams: CliStreams,
  signal: AbortSignal | undefined,
): Promise<number> {
  const { selection, recipe, plan } = await prepareRun(resolved, inputs, wiring, streams.stderr);
  const engine = await startSelected(selection, recipe, wiring);
  const started = Date.now();
  let summary: JobSummary;
  try {
    summary = await runJob(plan, {
      engine,
      model: await identifyModel(selection.model, defaultModelHashCache()),
      ...(inputs.requireReview !== undefined ? { requireReview: inputs.requireReview } : {}),
      waitForFolderMs: (inputs.waitForFolderSeconds ?? 0) * 1000,
      onWaitForFolder: (holder) =>
        streams.stderr.write(
          tty`note: waiting up to ${inputs.waitForFolderSeconds ?? 0} s: ${holder}\n`,
        ),
      onEvent: reporterFor(inputs, streams),
      jobs: inputs.jobs ?? defaultJobs(),
      ...(inputs.verifyOutputs ? { verifyOutputs: true } : {}),
      ...(signal ? { signal } : {}),
    });
  } finally {
    await engine.dispose?.();
  }
  if (!inputs.json)
    printSummary(summary, plan.outDir, (Date.now() - started) / 1000, streams.stdout);
  await noteBurnedInAnnotation(plan.manifestPath, streams.stderr);
  await noteUnusable(plan.manifestPath, streams.stderr);
  if (summary.cancelled) return EXIT_CANCELLED;
  return summary.failed > 0 ? EXIT_ITEMS_FAILED : EXIT_OK;
}

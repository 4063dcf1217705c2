/**
 * The augmentation run behind `augment` and `demo`: scan, resolve the recipe, plan, create the
 * engine, run with progress, print a summary. Returns the exit code.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MANIFEST_CSV_NAME, MANIFEST_FILE_NAME, TRAINING_CSV_NAME } from '../shared/manifest';
import { noteBurnedInAnnotation } from './burnedInNote';
import { noteUnusable } from './reviewNotes';
import type { Recipe } from '../shared/recipe';
import { scanSource } from '../core/dataset/scanSource';
import { scanTargets } from '../core/dataset/scanTargets';
import type { SourceScan, TargetScan } from '../core/dataset/types';
import {
  EngineModelError,
  EngineUnavailableError,
  type EngineSelection,
  selectEngine,
  startEngine,
} from '../core/engines/createEngine';
import type { Engine } from '../core/engines/engine';
import { defaultModelHashCache } from '../core/jobs/modelHashCache';
import { identifyModel } from '../core/jobs/modelIdentity';
import { planJob } from '../core/jobs/planJob';
import { defaultJobs } from '../core/jobs/pool/threadPool';
import { runJob, type JobSummary } from '../core/jobs/runJob';
import type { RecipeOverrides } from '../core/recipe/merge';
import { resolveRecipe } from '../core/recipe/resolveRecipe';
import { recipeNeedsTargetMasks } from '../core/recipe/targetMasks';
import { cliEngineWiring, type EngineWiring } from './engineWiring';
import { EXIT_CANCELLED, EXIT_ITEMS_FAILED, EXIT_OK, UsageError } from './exitCodes';
import { preflight, withTrainedPrompt } from './diffusionChecks';
import { barReporter, jsonReporter, lineReporter, type ProgressReporter } from './progress';
import { escapeControls, tty } from './terminalText';

/** Everything `augment` needs, already parsed. */
export interface AugmentInputs {
  source: string;
  target: string;
  out: string;
  masks?: string;
  maskSuffix?: string;
  maskCsv?: string;
  labels?: string;
  /** Target masks folder; undefined = the one a resumed manifest recorded (inputs.targetMasks). */
  targetMasks?: string;
  preset?: string;
  recipeFile?: string;
  overrides: RecipeOverrides;
  limit?: number;
  /** The manifest's `requireReview`; undefined = what a resumed run recorded, else required. */
  requireReview?: boolean;
  /** How long to wait while another process holds `out` (`--wait`); default: refuse at once. */
  waitForFolderSeconds?: number;
  /** Threads for the CPU engines (`--jobs`); default: the number of cores. Recorded nowhere. */
  jobs?: number;
  /** Hash every recorded output on resume (`--verify`). */
  verifyOutputs?: boolean;
  json: boolean;
}

/** Where the command writes. */
export interface CliStreams {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

function reporterFor(inputs: AugmentInputs, streams: CliStreams): ProgressReporter {
  if (inputs.json) return jsonReporter(streams.stdout);
  return streams.stderr.isTTY ? barReporter(streams.stderr) : lineReporter(streams.stderr);
}

/** Prints what the scan skipped or could not match (to stderr, so --json stdout stays clean). */
function warnAboutScan(scan: SourceScan, stderr: NodeJS.WritableStream): void {
  const list = (items: readonly string[]): string =>
    items.slice(0, 5).map(escapeControls).join(', ') +
    (items.length > 5 ? `, ... (${items.length - 5} more)` : '');
  if (scan.skippedNonImages.length > 0)
    stderr.write(`note: skipped ${scan.skippedNonImages.length} non-image files\n`);
  if (scan.unlabeled.length > 0)
    stderr.write(
      `warning: ${scan.unlabeled.length} images have no label: ${list(scan.unlabeled)}\n`,
    );
  if (scan.imagesWithoutMask.length > 0) {
    stderr.write(
      `warning: ${scan.imagesWithoutMask.length} images have no mask: ${list(scan.imagesWithoutMask)}\n`,
    );
  }
  if (scan.suggestedMaskSuffix !== null) {
    stderr.write(
      tty`hint: the masks seem to be named <image stem>${scan.suggestedMaskSuffix}: try --mask-suffix ${scan.suggestedMaskSuffix}\n`,
    );
  }
  if (scan.unmatchedMasks.length > 0) {
    stderr.write(
      `warning: ${scan.unmatchedMasks.length} masks match no image: ${list(scan.unmatchedMasks)}\n`,
    );
  }
  for (const problem of scan.problems) stderr.write(tty`warning: ${problem}\n`);
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
 * The target-masks folder recorded as `inputs.targetMasks` by a manifest (absolute), or
 * undefined when `file` is not a manifest, cannot be read or recorded none.
 */
function recordedTargetMasks(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined; // not JSON: resolveRecipe or the resume check reports it
  }
  if (parsed === null || typeof parsed !== 'object' || !('schemaVersion' in parsed))
    return undefined;
  const inputs = (parsed as { inputs?: { targetMasks?: unknown } }).inputs;
  const recorded = inputs?.targetMasks;
  if (typeof recorded !== 'string' || recorded === '') return undefined;
  // Manifests store input folders relative to themselves (POSIX separators resolve everywhere).
  return path.resolve(path.dirname(path.resolve(file)), recorded);
}

/**
 * Where the target images' own masks come from: `--target-masks`, else the folder the `--recipe`
 * manifest or the manifest being resumed in `--out` recorded (printed, so it is never a
 * surprise). A recipe that needs them ({@link recipeNeedsTargetMasks}) without any is a usage
 * error: running on would paste each source lesion beside the target's own.
 */
function resolveTargetMasks(
  inputs: AugmentInputs,
  recipe: Recipe,
  stderr: NodeJS.WritableStream,
): string | undefined {
  if (inputs.targetMasks) return inputs.targetMasks;
  const manifests = [inputs.recipeFile, path.join(inputs.out, MANIFEST_FILE_NAME)];
  for (const manifest of manifests) {
    if (manifest === undefined) continue;
    const recorded = recordedTargetMasks(manifest);
    if (recorded === undefined) continue;
    if (!existsSync(recorded)) {
      throw new UsageError(
        `target masks folder ${recorded} (inputs.targetMasks of ${manifest}) does not exist: ` +
          'give --target-masks DIR',
      );
    }
    stderr.write(
      tty`note: target masks: ${recorded} (recorded in ${manifest}; --target-masks overrides)\n`,
    );
    return recorded;
  }
  if (recipeNeedsTargetMasks(recipe)) {
    throw new UsageError(
      `the ${recipe.preset} recipe fills each target image's own key region before compositing ` +
        '(composite.fillTargetKeyRegion with diffusion.initFromTargetComposite) and needs their masks: ' +
        'give --target-masks DIR, or --no-fill-target to use the target images as they are',
    );
  }
  return undefined;
}

/** A recipe that needs target masks must find some; targets without one are named in a warning. */
function checkTargetMaskMatches(
  targets: TargetScan,
  recipe: Recipe,
  maskSuffix: string | undefined,
  stderr: NodeJS.WritableStream,
): void {
  if (targets.masksDir === null || !recipeNeedsTargetMasks(recipe)) return;
  const without = targets.images.filter((image) => image.mask === null).length;
  if (without === 0) return;
  const rule = `masks are matched by relative path and file stem${
    maskSuffix ? ` + "${maskSuffix}"` : ''
  }; --mask-suffix applies to --target-masks too`;
  if (without === targets.images.length) {
    throw new UsageError(`no target image has a mask in ${targets.masksDir} (${rule})`);
  }
  stderr.write(
    tty`warning: ${without} of ${targets.images.length} target images have no mask in ` +
      tty`${targets.masksDir}; their own key region stays in the composite (${rule})\n`,
  );
}

/**
 * Starts the selected engine (loading and checking its model where it runs), so a model that
 * cannot be used stops the run before any output folder or manifest exists.
 */
async function startSelected(
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
  const resolved = resolveRecipe(inputs.preset, inputs.overrides, inputs.recipeFile);
  const targetMasks = resolveTargetMasks(inputs, resolved, streams.stderr);
  if (inputs.maskSuffix && !inputs.masks && !targetMasks) {
    throw new UsageError('--mask-suffix needs --masks (or --target-masks)');
  }
  const wiring = cliEngineWiring((message) => streams.stderr.write(tty`${message}\n`));
  try {
    return await runWith(wiring, resolved, targetMasks, inputs, streams, signal);
  } finally {
    await wiring.dispose();
  }
}

async function runWith(
  wiring: EngineWiring,
  resolved: Recipe,
  targetMasks: string | undefined,
  inputs: AugmentInputs,
  streams: CliStreams,
  signal: AbortSignal | undefined,
): Promise<number> {
  // The model is located and checked once, here; a wrong --model is a configuration error
  // (exit 2), reported before scanning and planning.
  const selection = await selectEngine(resolved, wiring.context);
  const recipe = await withTrainedPrompt(resolved, inputs, selection.model?.path, streams.stderr);
  const source = await scanSource(inputs.source, {
    ...(inputs.labels ? { labelsCsv: inputs.labels } : {}),
    ...(inputs.masks ? { masksDir: inputs.masks } : {}),
    ...(inputs.maskSuffix ? { maskSuffix: inputs.maskSuffix } : {}),
    ...(inputs.maskCsv ? { maskCsv: inputs.maskCsv } : {}),
  });
  if (source.images.length === 0) {
    throw new UsageError(
      `no labelled images in ${source.root} (expected one subfolder per class, or --labels CSV)`,
    );
  }
  const unknownClasses = Object.keys(inputs.overrides.mask?.perClass ?? {}).filter(
    (label) => !source.labels.includes(label),
  );
  if (unknownClasses.length > 0) {
    throw new UsageError(
      `--per-class: no class ${unknownClasses.map((l) => `"${l}"`).join(', ')} in ${source.root} ` +
        `(classes: ${source.labels.join(', ')})`,
    );
  }
  const needMasks = source.labels.filter((label) => recipe.mask.perClass[label] === undefined);
  if (!inputs.masks && !inputs.maskCsv && needMasks.length > 0) {
    throw new UsageError(
      `no key-region masks: give --masks DIR or --mask-csv CSV (or a recipe mask.perClass policy) ` +
        `for the classes ${needMasks.join(', ')}`,
    );
  }
  const targets = await scanTargets(inputs.target, {
    ...(targetMasks ? { masksDir: targetMasks } : {}),
    ...(inputs.maskSuffix ? { maskSuffix: inputs.maskSuffix } : {}),
  });
  checkTargetMaskMatches(targets, recipe, inputs.maskSuffix, streams.stderr);
  warnAboutScan(source, streams.stderr);
  const plan = await planJob({
    source,
    targets,
    recipe,
    outDir: inputs.out,
    ...(inputs.limit !== undefined ? { limit: inputs.limit } : {}),
  });
  await preflight(recipe, plan.items, selection.model?.path, streams.stderr);
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

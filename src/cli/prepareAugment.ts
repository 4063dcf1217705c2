/**
 * The first half of an augmentation, shared by `augment` and `plan`: resolve the recipe, locate
 * and check the model, scan the source and target folders, check what the recipe needs of them,
 * and plan the items. Nothing is written; a problem is a usage or configuration error (exit 2).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MANIFEST_FILE_NAME } from '../shared/manifest';
import type { Recipe } from '../shared/recipe';
import { scanSource } from '../core/dataset/scanSource';
import { scanTargets } from '../core/dataset/scanTargets';
import type { SourceScan, TargetScan } from '../core/dataset/types';
import { type EngineSelection, selectEngine } from '../core/engines/createEngine';
import { planJob } from '../core/jobs/planJob';
import type { JobPlan } from '../core/jobs/types';
import type { RecipeOverrides } from '../core/recipe/merge';
import { resolveRecipe } from '../core/recipe/resolveRecipe';
import { recipeNeedsTargetMasks } from '../core/recipe/targetMasks';
import type { EngineWiring } from './engineWiring';
import { UsageError } from './exitCodes';
import { preflight, withTrainedPrompt } from './diffusionChecks';
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

/** A recipe resolved from preset, file and flags, with the target masks folder it needs. */
export interface ResolvedRun {
  recipe: Recipe;
  targetMasks: string | undefined;
}

/** A planned run: the engine selected (model located and checked), the final recipe, the items. */
export interface PreparedRun {
  selection: EngineSelection;
  recipe: Recipe;
  plan: JobPlan;
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
 * The recipe from preset < recipe file < flags, and the target masks folder it uses.
 * @throws UsageError (and the recipe's own errors) for a combination that cannot run.
 */
export function resolveRun(inputs: AugmentInputs, stderr: NodeJS.WritableStream): ResolvedRun {
  const resolved = resolveRecipe(inputs.preset, inputs.overrides, inputs.recipeFile);
  const targetMasks = resolveTargetMasks(inputs, resolved, stderr);
  if (inputs.maskSuffix && !inputs.masks && !targetMasks) {
    throw new UsageError('--mask-suffix needs --masks (or --target-masks)');
  }
  return { recipe: resolved, targetMasks };
}

/**
 * Selects the engine, scans, checks and plans a resolved run into `inputs.out`, and runs the
 * pre-run checks of a diffusion run; writes nothing.
 */
export async function prepareRun(
  run: ResolvedRun,
  inputs: AugmentInputs,
  wiring: EngineWiring,
  stderr: NodeJS.WritableStream,
): Promise<PreparedRun> {
  // The model is located and checked once, here; a wrong --model is a configuration error
  // (exit 2), reported before scanning and planning.
  const selection = await selectEngine(run.recipe, wiring.context);
  const recipe = await withTrainedPrompt(run.recipe, inputs, selection.model?.path, stderr);
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
    ...(run.targetMasks ? { masksDir: run.targetMasks } : {}),
    ...(inputs.maskSuffix ? { maskSuffix: inputs.maskSuffix } : {}),
  });
  checkTargetMaskMatches(targets, recipe, inputs.maskSuffix, stderr);
  warnAboutScan(source, stderr);
  const plan = await planJob({
    source,
    targets,
    recipe,
    outDir: inputs.out,
    ...(inputs.limit !== undefined ? { limit: inputs.limit } : {}),
  });
  await preflight(recipe, plan.items, selection.model?.path, stderr);
  return { selection, recipe, plan };
}

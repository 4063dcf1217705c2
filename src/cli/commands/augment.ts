/** `maskmedpaint augment`: augment a labelled source folder toward a target domain. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { EXIT_CANCELLED } from '../exitCodes';
import { choiceOption, integerOption } from '../parse';
import { runAugment, type AugmentInputs } from '../runAugment';
import { addShardOptions, shardRequest } from '../plan/shardOptions';
import { runShardCommand } from '../plan/runShard';
import { onStdoutClosed } from '../stdoutClosed';
import { addRecipeFlags, recipeFlagOverrides, type RecipeFlagValues } from '../recipeFlags';
import {
  ENGINE_IDS,
  ENGINES,
  IN_PROCESS_ENGINE_IDS,
  type EngineId,
} from '../../core/engines/registry';
import {
  BLEND_MODES,
  BLEND_SIDES,
  PRESET_IDS,
  type BlendMode,
  type BlendSide,
} from '../../shared/recipeChoices';
import type { RecipeOverrides } from '../../core/recipe/merge';

/** The `augment` options as commander hands them over (undefined = not given); `plan` takes them too. */
export interface AugmentFlags extends RecipeFlagValues {
  source: string;
  target: string;
  out: string;
  masks?: string;
  maskSuffix?: string;
  maskCsv?: string;
  labels?: string;
  targetMasks?: string;
  engine?: EngineId;
  model?: string;
  perImage?: number;
  seed?: number;
  preset?: string;
  margin?: number;
  feather?: number;
  blend?: BlendMode;
  blendSide?: BlendSide;
  fillTarget?: boolean;
  requireReview?: boolean;
  wait?: number;
  jobs?: number;
  verify?: boolean;
  recipe?: string;
  limit?: number;
  json?: boolean;
}

/** `--engine` help: each engine of the registry with what it needs. */
const ENGINE_HELP = `engine: ${ENGINES.map((e) => `${e.id} (${e.summary})`).join(', ')}`;

/** Recipe settings given explicitly on the command line (they win over preset and file). */
function overridesFrom(flags: AugmentFlags): RecipeOverrides {
  const more = recipeFlagOverrides(flags);
  return {
    ...(more.outputFormat ? { outputFormat: more.outputFormat } : {}),
    ...(flags.engine ? { engine: flags.engine } : {}),
    ...(flags.perImage !== undefined ? { perImage: flags.perImage } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    mask: {
      ...(flags.margin !== undefined ? { marginPx: flags.margin } : {}),
      ...(flags.feather !== undefined ? { featherPx: flags.feather } : {}),
      ...(flags.blendSide ? { blendSide: flags.blendSide } : {}),
      ...more.mask,
    },
    composite: {
      ...(flags.blend ? { blend: flags.blend } : {}),
      ...(flags.fillTarget !== undefined ? { fillTargetKeyRegion: flags.fillTarget } : {}),
      ...more.composite,
    },
    // A model path is made absolute so a resumed run (or the manifest) does not depend on the
    // working directory; anything else is a catalog id and stays as written.
    diffusion: {
      ...(flags.model
        ? { model: existsSync(flags.model) ? path.resolve(flags.model) : flags.model }
        : {}),
      ...more.diffusion,
    },
  };
}

/** The parsed options as what `augment` runs with (the recipe flags as the last recipe layer). */
export function augmentInputs(flags: AugmentFlags): AugmentInputs {
  return {
    source: flags.source,
    target: flags.target,
    out: flags.out,
    ...(flags.masks ? { masks: flags.masks } : {}),
    ...(flags.maskSuffix ? { maskSuffix: flags.maskSuffix } : {}),
    ...(flags.maskCsv ? { maskCsv: flags.maskCsv } : {}),
    ...(flags.labels ? { labels: flags.labels } : {}),
    ...(flags.targetMasks ? { targetMasks: flags.targetMasks } : {}),
    ...(flags.preset ? { preset: flags.preset } : {}),
    ...(flags.recipe ? { recipeFile: flags.recipe } : {}),
    ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
    ...(flags.requireReview !== undefined ? { requireReview: flags.requireReview } : {}),
    ...(flags.wait !== undefined ? { waitForFolderSeconds: flags.wait } : {}),
    ...(flags.jobs !== undefined ? { jobs: flags.jobs } : {}),
    ...(flags.verify ? { verifyOutputs: true } : {}),
    overrides: overridesFrom(flags),
    json: flags.json === true,
  };
}

/** Adds the `augment` command. */
export function register(program: Command): void {
  const command = program
    .command('augment')
    .description(
      "keep each source image's key region and regenerate the rest toward the target domain",
    )
    .requiredOption(
      '--source <dir>',
      'labelled source images (one subfolder per class, or flat with --labels)',
    )
    .requiredOption('--target <dir>', 'unlabeled target-domain images (searched recursively)')
    .requiredOption(
      '--out <dir>',
      'output folder (images/, maskmedpaint.json, augmented.csv); must not overlap the inputs',
    )
    .option('--masks <dir>', 'key-region masks (white = keep), matched by relative path and stem')
    .option('--mask-suffix <suffix>', 'mask name suffix after the stem, e.g. _segmentation')
    .option('--mask-csv <csv>', 'CSV "image,mask" mapping source images to masks')
    .option('--labels <csv>', 'CSV "path,label" for a flat source folder')
    .option(
      '--target-masks <dir>',
      "the target images' own key regions (filled before compositing; default: the folder the --recipe or --out manifest recorded)",
    )
    .option('--fill-target', "fill each target image's own key region before compositing")
    .option('--no-fill-target', 'composite onto the target images as they are (no target masks)')
    .option('--engine <id>', ENGINE_HELP, choiceOption(ENGINE_IDS))
    .option('--model <dir|file>', 'model folder, .onnx file or catalog id (model engines)')
    .option('--per-image <n>', 'augmentations per source image', integerOption(1, 1000))
    .option('--seed <n>', 'master seed', integerOption(0, 4294967295))
    .option('--preset <name>', `recipe preset: ${PRESET_IDS.join(', ')}`)
    .option('--margin <px>', 'grow (>0) or shrink (<0) the key region', integerOption(-512, 512))
    .option('--feather <px>', "soft seam width at the key region's edge", integerOption(0, 256))
    .option(
      '--blend-side <side>',
      "outside: keep every mask pixel exactly, blend beyond the mask; inside: blend on the mask's edge (the authors')",
      choiceOption(BLEND_SIDES),
    )
    .option(
      '--blend <mode>',
      `composite seam blend: ${BLEND_MODES.join(', ')} (default ramp)`,
      choiceOption(BLEND_MODES),
    );
  addRecipeFlags(command)
    .option(
      '--recipe <file>',
      'recipe JSON (partial recipe, or an earlier maskmedpaint.json to reproduce it)',
    )
    .option(
      '--limit <n>',
      'try on N source images only, taken across the classes in turn',
      integerOption(1, Number.MAX_SAFE_INTEGER),
    )
    .option(
      '--require-review',
      'training may use only images a reviewer approved (the default; a resumed run keeps what it recorded)',
    )
    .option(
      '--no-require-review',
      'training may also use images nobody has reviewed yet (rejected and failed ones never)',
    )
    .option(
      '--wait <seconds>',
      'if another process holds --out, wait up to this long for it (default: refuse at once)',
      integerOption(0, 86400),
    )
    .option(
      '--jobs <n>',
      `threads for the CPU engines (${IN_PROCESS_ENGINE_IDS.join(', ')}); outputs do not depend on it (default: the number of cores)`,
      integerOption(1, 1024),
    )
    .option(
      '--verify',
      'on resume, hash every recorded output (default: trust those whose size and times are unchanged)',
    )
    .option('--json', 'print one JSON progress event per line on stdout')
    .action(async (flags: AugmentFlags) => {
      const shard = shardRequest(command);
      if (shard) return runShardCommand(shard);
      const controller = new AbortController();
      // First Ctrl+C: finish the item in flight, write the manifest, exit 130; rerun to resume.
      const onInterrupt = (): void => {
        if (controller.signal.aborted) process.exit(EXIT_CANCELLED);
        process.stderr.write(
          '\ncancelling after the current image (Ctrl+C again to stop at once)\n',
        );
        controller.abort();
      };
      process.on('SIGINT', onInterrupt);
      // `--json | head -1`: the reader left, so stop like a cancel (resumable), without a trace.
      const stopWatchingStdout = onStdoutClosed(() => {
        if (controller.signal.aborted) return;
        process.stderr.write('stdout closed: stopping after the current image (rerun to resume)\n');
        controller.abort();
      });
      try {
        process.exitCode = await runAugment(
          augmentInputs(flags),
          { stdout: process.stdout, stderr: process.stderr },
          controller.signal,
        );
      } finally {
        stopWatchingStdout();
        process.off('SIGINT', onInterrupt);
      }
    });
  addShardOptions(command);
}
